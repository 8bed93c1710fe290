//! A private rsyslog for tests and benches: `rsyslogd -n` with its own
//! configuration and directory, listening on free loopback ports (imtcp,
//! imudp) and a private Unix socket (imuxsock), writing every record it
//! parsed to one file, a line per record:
//!
//! `input|facility|severity|hostname|app-name|procid|msgid|timereported|raw SD|SD as JSON|msg`
//!
//! The JSON of the structured data comes from `mmpstrucdata` (names kept
//! as they are): what rsyslog's RFC 5424 parser understood, escapes undone.
#![allow(dead_code)]

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where rsyslogd is, if installed.
pub fn rsyslogd() -> Option<PathBuf> {
    for dir in ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/bin"] {
        let p = Path::new(dir).join("rsyslogd");
        if p.is_file() {
            return Some(p);
        }
    }
    None
}

/// What the private rsyslogd does with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// Every parsed field, the structured data parsed again into JSON by
    /// `mmpstrucdata` (the tests).
    Fields,
    /// One short line per record, no second parse (the W7 bench: what a
    /// plain forwarding rsyslog does).
    Plain,
}

/// A running (or stopped) private rsyslogd.
pub struct Rsyslog {
    bin: PathBuf,
    output: Output,
    child: Option<Child>,
    pub dir: PathBuf,
    pub tcp_port: u16,
    pub udp_port: u16,
    pub socket: PathBuf,
    pub out: PathBuf,
    conf: PathBuf,
}

fn free_tcp_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free port")
        .port()
}

impl Rsyslog {
    /// Start one, or `None` (after saying why on stderr) when rsyslogd is
    /// not installed.
    pub fn start(name: &str) -> Option<Rsyslog> {
        Rsyslog::start_with(name, Output::Fields)
    }

    /// [`start`](Rsyslog::start) with the given output.
    pub fn start_with(name: &str, output: Output) -> Option<Rsyslog> {
        if spoolog::STATIC_MAX_LEVEL < spoolog::LevelFilter::Trace {
            eprintln!(
                "SKIPPED: a compile-time level cap ({:?}) removes the records these tests send",
                spoolog::STATIC_MAX_LEVEL
            );
            return None;
        }
        let Some(bin) = rsyslogd() else {
            eprintln!(
                "SKIPPED: rsyslogd is not installed (run .ci/install-rsyslog.sh, or apt-get install rsyslog)"
            );
            return None;
        };
        let dir =
            std::env::temp_dir().join(format!("spoolog-rsyslog-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("work")).expect("rsyslog dir");
        let mut r = Rsyslog {
            bin,
            output,
            child: None,
            tcp_port: free_tcp_port(),
            udp_port: free_udp_port(),
            socket: dir.join("log.sock"),
            out: dir.join("out.log"),
            conf: dir.join("rsyslog.conf"),
            dir,
        };
        fs::write(&r.conf, r.config()).expect("rsyslog config");
        r.run();
        Some(r)
    }

    fn config(&self) -> String {
        let (parse, template) = match self.output {
            Output::Fields => (
                "  action(type=\"mmpstrucdata\" sd_name.lowercase=\"off\")\n",
                "%inputname%|%syslogfacility%|%syslogseverity%|%hostname%|%app-name%|%procid%|%msgid%|%timereported:::date-rfc3339%|%structured-data%|%$!rfc5424-sd%|%msg%\\n",
            ),
            Output::Plain => ("", "%timereported:::date-rfc3339% %app-name% %structured-data% %msg%\\n"),
        };
        format!(
            r#"global(workDirectory="{dir}/work" maxMessageSize="64k")
main_queue(queue.timeoutShutdown="20000")
module(load="imtcp")
module(load="imudp")
module(load="imuxsock" SysSock.Use="off")
module(load="mmpstrucdata")
input(type="imtcp" address="127.0.0.1" port="{tcp}" ruleset="r")
input(type="imudp" address="127.0.0.1" port="{udp}" ruleset="r" rcvbufSize="16m")
input(type="imuxsock" Socket="{sock}" ruleset="r" UseSpecialParser="off" ParseHostname="on" UseSysTimeStamp="off" RateLimit.Interval="0")
template(name="fields" type="string" string="{template}")
ruleset(name="r") {{
{parse}  action(type="omfile" file="{out}" template="fields")
}}
"#,
            dir = self.dir.display(),
            tcp = self.tcp_port,
            udp = self.udp_port,
            sock = self.socket.display(),
            out = self.out.display(),
        )
    }

    /// Start rsyslogd and wait until it listens on the TCP port.
    pub fn run(&mut self) {
        assert!(self.child.is_none(), "already running");
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("rsyslogd.stderr"))
            .expect("stderr file");
        let child = Command::new(&self.bin)
            .arg("-n")
            .arg("-f")
            .arg(&self.conf)
            .arg("-i")
            .arg(self.dir.join("rsyslogd.pid"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("stderr file"))
            .stderr(log)
            .spawn()
            .expect("start rsyslogd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if TcpStream::connect(("127.0.0.1", self.tcp_port)).is_ok() && self.socket.exists() {
                return;
            }
            if let Some(c) = self.child.as_mut() {
                if let Ok(Some(status)) = c.try_wait() {
                    panic!("rsyslogd exited ({status}): {}", self.stderr());
                }
            }
            assert!(
                Instant::now() < deadline,
                "rsyslogd does not listen: {}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// CPU time (user + system) rsyslogd has used so far, from
    /// `/proc/<pid>/stat` (Linux).
    pub fn cpu(&self) -> Option<Duration> {
        let pid = self.child.as_ref()?.id();
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // Fields after the command (which is in parentheses): utime is the
        // 12th, stime the 13th.
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
        // SAFETY: sysconf has no preconditions.
        #[allow(unsafe_code)]
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        let hz = u64::try_from(hz).ok().filter(|&h| h > 0)?;
        Some(Duration::from_nanos(ticks * 1_000_000_000 / hz))
    }

    /// What rsyslogd wrote to its standard error.
    pub fn stderr(&self) -> String {
        fs::read_to_string(self.dir.join("rsyslogd.stderr")).unwrap_or_default()
    }

    /// Send `signal` (`libc::SIGTERM`, `libc::SIGKILL`) and wait for it to exit.
    pub fn stop_with(&mut self, signal: i32) {
        if let Some(mut c) = self.child.take() {
            let pid = c.id() as i32;
            // SAFETY: kill(2) on the pid of our own child, which has not
            // been reaped yet (we hold its `Child`).
            #[allow(unsafe_code)]
            unsafe {
                libc::kill(pid, signal);
            }
            let _ = c.wait();
            let _ = fs::remove_file(&self.socket);
            let _ = fs::remove_file(self.dir.join("rsyslogd.pid"));
        }
    }

    /// Stop gracefully (SIGTERM).
    pub fn stop(&mut self) {
        self.stop_with(libc::SIGTERM);
    }

    pub fn tcp_addr(&self) -> String {
        format!("127.0.0.1:{}", self.tcp_port)
    }

    pub fn udp_addr(&self) -> String {
        format!("127.0.0.1:{}", self.udp_port)
    }

    /// All lines written so far.
    pub fn lines(&self) -> Vec<String> {
        fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect()
    }

    /// Wait until the output has at least `n` lines (or `timeout` passes);
    /// the lines.
    pub fn wait_lines(&self, n: usize, timeout: Duration) -> Vec<String> {
        let mut counter = LineCounter::new(&self.out);
        let deadline = Instant::now() + timeout;
        while counter.count() < n as u64 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.lines()
    }

    /// Wait until no line has been added for `quiet`.
    pub fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> Vec<String> {
        let mut counter = LineCounter::new(&self.out);
        let deadline = Instant::now() + timeout;
        let mut last = counter.count();
        let mut since = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            let now = counter.count();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                break;
            }
        }
        self.lines()
    }
}

impl Drop for Rsyslog {
    fn drop(&mut self) {
        self.stop_with(libc::SIGKILL);
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Counts the lines of a growing file without reading it twice.
pub struct LineCounter {
    path: PathBuf,
    offset: u64,
    lines: u64,
    buf: Vec<u8>,
}

impl LineCounter {
    pub fn new(path: &Path) -> LineCounter {
        LineCounter {
            path: path.to_path_buf(),
            offset: 0,
            lines: 0,
            buf: vec![0; 1 << 20],
        }
    }

    /// Lines in the file now.
    pub fn count(&mut self) -> u64 {
        let _ = self.read();
        self.lines
    }

    fn read(&mut self) -> io::Result<()> {
        let mut f = fs::File::open(&self.path)?;
        f.seek(SeekFrom::Start(self.offset))?;
        loop {
            let n = f.read(&mut self.buf)?;
            if n == 0 {
                return Ok(());
            }
            self.offset += n as u64;
            self.lines += self.buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
    }
}

/// One output line, split.
pub struct Parsed<'a> {
    pub input: &'a str,
    pub facility: &'a str,
    pub severity: &'a str,
    pub hostname: &'a str,
    pub app_name: &'a str,
    pub procid: &'a str,
    pub msgid: &'a str,
    pub time: &'a str,
    pub sd: &'a str,
    pub sd_json: &'a str,
    pub msg: &'a str,
}

pub fn parse(line: &str) -> Option<Parsed<'_>> {
    let mut p = line.splitn(11, '|');
    Some(Parsed {
        input: p.next()?,
        facility: p.next()?,
        severity: p.next()?,
        hostname: p.next()?,
        app_name: p.next()?,
        procid: p.next()?,
        msgid: p.next()?,
        time: p.next()?,
        sd: p.next()?,
        sd_json: p.next()?,
        msg: p.next()?,
    })
}
