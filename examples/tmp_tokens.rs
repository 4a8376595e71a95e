fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let f = if path.ends_with(".py") {
        ssot::lang::python::extract(&path, "m", false, &text)
    } else {
        let (layout, _) = ssot::lang::rust::discover(&[], &[path.clone()]);
        ssot::lang::rust::extract(&path, &layout.file(&path), &text).facts.remove(0)
    };
    for d in &f.defs {
        if let Some(s) = &d.shape {
            println!("{:30} tokens={:3} grams={:3} lines={:?}", d.name, s.tokens, s.grams.len(), s.lines);
        }
    }
}
