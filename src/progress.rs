//! A progress line on stderr for runs that take a while: nothing for the first second,
//! then `ssot: checking... 3s` redrawn in place until the run ends, then erased. Only when
//! stderr is a terminal and the report is for people (never in machine formats, under
//! `--quiet`, or when piped), so it never mixes into output a program reads.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// While alive, shows the progress line after the first second; dropping it erases it.
pub struct Progress {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Start (a no-op unless `wanted` and stderr is a terminal).
    pub fn start(what: &'static str, wanted: bool) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress {
                stop: None,
                thread: None,
            };
        }
        let (tx, rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            let mut wait = Duration::from_secs(1);
            let frames = ['|', '/', '-', '\\'];
            let mut drawn = false;
            for i in 0.. {
                match rx.recv_timeout(wait) {
                    Err(RecvTimeoutError::Timeout) => {
                        let mut err = std::io::stderr().lock();
                        let _ = write!(
                            err,
                            "\r{} ssot: {what}... {}s",
                            frames[i % frames.len()],
                            start.elapsed().as_secs()
                        );
                        let _ = err.flush();
                        drawn = true;
                        wait = Duration::from_millis(120);
                    }
                    _ => break,
                }
            }
            if drawn {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        });
        Progress {
            stop: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
