//! Just enough of the Chrome DevTools Protocol to open a report in headless
//! Chromium, watch its console, type into it, and take a screenshot.
//!
//! One browser per [`Chromium`], started with a fresh profile folder and
//! killed (with its whole process group) when dropped, so that a failing
//! assertion never leaves a browser behind. Every wait has a deadline.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long the browser may take to start.
const START: Duration = Duration::from_secs(30);
/// How long any one protocol call or wait may take.
pub const CALL: Duration = Duration::from_secs(60);

/// The browser binary: `chromium` on the PATH (Debian's package).
fn binary() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "chromium is not installed: the HTML report test opens the report in headless \
             Chromium. Install it with `apt-get install -y chromium` (.ci/run does)."
        )
    })
}

/// A running headless Chromium and a DevTools connection to it.
pub struct Chromium {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Events not yet consumed, in arrival order.
    events: Vec<Value>,
    // Dropped after the browser is killed (fields drop after `Drop::drop`).
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts the browser: headless, no sandbox (CI runs as root), no GPU,
    /// a fresh profile, and DevTools on a free port read from its stderr.
    pub fn launch() -> Self {
        let profile = tempfile::tempdir().expect("a temporary profile folder");
        let mut child = Command::new(binary())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            // Its own process group, so that Drop can end the renderer and
            // GPU processes with the browser.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(Ok(line[at..].trim().to_string()));
                }
                lines.push(line);
                if lines.len() > 200 {
                    lines.remove(0);
                }
            }
            // The browser ended (or closed stderr) without a DevTools line.
            let _ = tx.send(Err(lines.join("\n")));
        });
        let url = match rx.recv_timeout(START) {
            Ok(Ok(url)) => url,
            Ok(Err(stderr)) => {
                kill(&mut child);
                panic!("chromium exited before DevTools listened; its stderr:\n{stderr}")
            }
            Err(_) => {
                kill(&mut child);
                panic!("chromium printed no `DevTools listening on ws://...` within {START:?}")
            }
        };
        let socket = connect(&url);
        Chromium {
            child,
            socket,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    /// Sends a command (to `session`, or to the browser) and returns its
    /// result, keeping the events that arrive meanwhile.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("{method}: cannot send: {e}"));
        let deadline = Instant::now() + CALL;
        loop {
            let m = self.read(deadline, method);
            if m["id"] == json!(id) {
                if let Some(err) = m.get("error") {
                    panic!("{method} failed: {err}");
                }
                return m["result"].clone();
            }
            if m.get("method").is_some() {
                self.events.push(m);
            }
        }
    }

    /// Waits for the event `method` of `session`, and removes it.
    pub fn wait_event(&mut self, session: &str, method: &str) -> Value {
        let deadline = Instant::now() + CALL;
        loop {
            if let Some(i) = self
                .events
                .iter()
                .position(|e| e["method"] == method && e["sessionId"] == session)
            {
                return self.events.remove(i);
            }
            let m = self.read(deadline, method);
            if m.get("method").is_some() {
                self.events.push(m);
            }
        }
    }

    /// Every event kept so far.
    pub fn events(&self) -> &[Value] {
        &self.events
    }

    /// Opens a new tab and attaches to it; returns its session id.
    pub fn new_page(&mut self, width: u32, height: u32) -> String {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        for domain in [
            "Runtime.enable",
            "Log.enable",
            "Page.enable",
            "Network.enable",
        ] {
            self.call(Some(&session), domain, json!({}));
        }
        self.call(
            Some(&session),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        session
    }

    /// Navigates `session` to `url` and waits for its load event.
    pub fn navigate(&mut self, session: &str, url: &str) -> Duration {
        let started = Instant::now();
        let nav = self.call(Some(session), "Page.navigate", json!({"url": url}));
        if let Some(err) = nav.get("errorText") {
            panic!("cannot open {url}: {err}");
        }
        self.wait_event(session, "Page.loadEventFired");
        started.elapsed()
    }

    /// Evaluates `expression` in the page; returns its value (JSON).
    pub fn eval(&mut self, session: &str, expression: &str) -> Value {
        let r = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("evaluating `{expression}` threw: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Polls `expression` until it equals `want`; returns the last value.
    pub fn eval_until(&mut self, session: &str, expression: &str, want: &Value) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let v = self.eval(session, expression);
            if &v == want || Instant::now() > deadline {
                return v;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types `text` into the focused element, as a keyboard would.
    pub fn type_text(&mut self, session: &str, text: &str) {
        self.call(Some(session), "Input.insertText", json!({"text": text}));
    }

    /// A PNG of the viewport, written to `path`.
    pub fn screenshot(&mut self, session: &str, path: &Path) {
        let shot = self.call(
            Some(session),
            "Page.captureScreenshot",
            json!({"format": "png"}),
        );
        let data = shot["data"].as_str().expect("screenshot data");
        let png = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64 PNG");
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot folder");
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    /// Reads one message before `deadline`.
    fn read(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        loop {
            if Instant::now() > deadline {
                panic!("no answer to {waiting_for} within {CALL:?}");
            }
            match self.socket.read() {
                Ok(Message::Text(t)) => {
                    return serde_json::from_str(t.as_str()).expect("DevTools sends JSON");
                }
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue;
                }
                Err(e) => panic!("DevTools connection lost waiting for {waiting_for}: {e}"),
            }
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.socket.close(None);
        kill(&mut self.child);
    }
}

/// Kills the browser and the process group it leads, then reaps it.
fn kill(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

/// Connects to the DevTools websocket at `url` (`ws://127.0.0.1:PORT/...`),
/// with a read timeout so that no read blocks past a deadline.
fn connect(url: &str) -> WebSocket<TcpStream> {
    let host = url
        .strip_prefix("ws://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("not a ws:// URL: {url}"));
    let stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("{host}: {e}"));
    stream.set_read_timeout(Some(START)).expect("read timeout");
    let (socket, _) = tungstenite::client(url, stream)
        .unwrap_or_else(|e| panic!("websocket handshake with {url}: {e}"));
    // Short reads from now on: `read` checks its deadline between them.
    socket
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("read timeout");
    socket
}
