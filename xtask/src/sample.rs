//! `cargo xtask sample`: writes www/sample.csv, the page's "Try a sample" capture — synthetic, seeded, so
//! the same file every time. About 3,000 packets over a minute in Wireshark's CSV export format: browsing
//! (DNS, TCP + TLS 1.3, QUIC, ARP) from a LAN host, labelled `normal`, and a SYN port scan and an ICMP
//! echo flood from documentation addresses (RFC 5737 192.0.2.0/24), labelled `malicious`. Servers use
//! RFC 5737 / RFC 3849 ranges (198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

const SEED: u64 = 0x5eed_a40a_1a2e;
const CLIENT: &str = "192.168.1.23";
const CLIENT_V6: &str = "2001:db8:1::23";
const RESOLVER: &str = "192.168.1.1";
const SCANNER: &str = "192.0.2.66";
const FLOODER: &str = "192.0.2.77";
const SITES: [(&str, &str); 5] = [
    ("www.example.com", "203.0.113.10"),
    ("cdn.example.net", "203.0.113.45"),
    ("mail.example.org", "198.51.100.25"),
    ("news.example.com", "198.51.100.80"),
    ("api.example.net", "203.0.113.99"),
];
const QUIC_SERVERS: [&str; 2] = ["2001:db8::443", "198.51.100.143"];

/// Writes the sample into www/sample.csv.
pub fn write(root: &Path) -> Result<()> {
    let path = root.join("www/sample.csv");
    let text = generate();
    std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {} ({} packets)", path.display(), text.lines().count() - 1);
    Ok(())
}

/// SplitMix64: a tiny seeded generator, so the sample needs no dependency and never changes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (hi > lo).
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One packet before numbering: time, columns, label.
struct Row {
    time_s: f64,
    source: String,
    destination: String,
    protocol: &'static str,
    length_bytes: u64,
    info: String,
    malicious: bool,
}

fn row(
    time_s: f64,
    src: &str,
    dst: &str,
    protocol: &'static str,
    length_bytes: u64,
    info: String,
    malicious: bool,
) -> Row {
    Row {
        time_s,
        source: src.to_string(),
        destination: dst.to_string(),
        protocol,
        length_bytes,
        info,
        malicious,
    }
}

/// The whole sample as CSV text.
pub fn generate() -> String {
    let mut rng = Rng(SEED);
    let mut rows = Vec::new();
    let mut t = 0.05;
    while t < 60.0 {
        if rng.unit() < 0.7 {
            browse_tls(&mut rng, t, &mut rows);
        } else {
            browse_quic(&mut rng, t, &mut rows);
        }
        if rng.unit() < 0.08 {
            let info = format!("Who has {RESOLVER}? Tell {CLIENT}");
            rows.push(row(t + 0.001, "IntelCor_3a:5c:21", "Broadcast", "ARP", 42, info, false));
        }
        t += 0.35 + rng.unit() * 0.5;
    }
    syn_scan(&mut rng, 20.0, &mut rows);
    icmp_flood(&mut rng, 40.0, &mut rows);
    rows.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
    to_csv(&rows)
}

fn browse_tls(rng: &mut Rng, t: f64, rows: &mut Vec<Row>) {
    let (name, server) = SITES[rng.range(0, SITES.len() as u64) as usize];
    let id = rng.range(0, 0x10000);
    let port = rng.range(49152, 65535);
    let rtt = 0.008 + rng.unit() * 0.03;
    rows.push(row(t, CLIENT, RESOLVER, "DNS", 75, format!("Standard query 0x{id:04x} A {name}"), false));
    let answer = format!("Standard query response 0x{id:04x} A {name} A {server}");
    rows.push(row(t + 0.004, RESOLVER, CLIENT, "DNS", 91, answer, false));
    let t = t + 0.005;
    let flow = |dir: bool| if dir { (CLIENT, server) } else { (server, CLIENT) };
    let mut push = |dt: f64, out: bool, protocol: &'static str, len: u64, info: String| {
        let (s, d) = flow(out);
        rows.push(row(t + dt, s, d, protocol, len, info, false));
    };
    push(
        0.0,
        true,
        "TCP",
        74,
        format!("{port}  >  443 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=1 TSecr=0 WS=128"),
    );
    push(
        rtt,
        false,
        "TCP",
        74,
        format!("443  >  {port} [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM WS=128"),
    );
    push(rtt + 0.0002, true, "TCP", 66, format!("{port}  >  443 [ACK] Seq=1 Ack=1 Win=64256 Len=0"));
    push(rtt + 0.0010, true, "TLSv1.3", 583, "Client Hello (SNI=".to_string() + name + ")");
    push(2.0 * rtt, false, "TLSv1.3", 1514, "Server Hello, Change Cipher Spec, Application Data".to_string());
    let records = rng.range(2, 9);
    let seq = 518;
    for k in 0..records {
        let dt = 2.0 * rtt + 0.002 + k as f64 * (0.003 + rng.unit() * 0.02);
        let len = rng.range(120, 1514);
        push(dt, false, "TLSv1.3", len, "Application Data".to_string());
        push(
            dt + 0.0003,
            true,
            "TCP",
            66,
            format!("{port}  >  443 [ACK] Seq={seq} Ack={} Win=64128 Len=0", 1449 + k * 1448),
        );
    }
    let end = 2.0 * rtt + 0.5 + rng.unit();
    push(end, true, "TCP", 66, format!("{port}  >  443 [FIN, ACK] Seq={seq} Ack=9000 Win=64128 Len=0"));
    push(
        end + rtt,
        false,
        "TCP",
        66,
        format!("443  >  {port} [FIN, ACK] Seq=9000 Ack={} Win=65160 Len=0", seq + 1),
    );
}

fn browse_quic(rng: &mut Rng, t: f64, rows: &mut Vec<Row>) {
    let server = QUIC_SERVERS[rng.range(0, QUIC_SERVERS.len() as u64) as usize];
    let client = if server.contains(':') { CLIENT_V6 } else { CLIENT };
    let dcid = format!("{:016x}", rng.next());
    let rtt = 0.01 + rng.unit() * 0.03;
    let initial = format!("Initial, DCID={dcid}, PKN: 0, CRYPTO, PADDING");
    rows.push(row(t, client, server, "QUIC", 1292, initial, false));
    let reply = format!("Initial, SCID={dcid}, PKN: 1, ACK, CRYPTO, PADDING");
    rows.push(row(t + rtt, server, client, "QUIC", 1292, reply, false));
    for k in 0..rng.range(3, 14) {
        let dt = rtt + 0.001 + k as f64 * (0.002 + rng.unit() * 0.015);
        let down = rng.unit() < 0.75;
        let (s, d) = if down { (server, client) } else { (client, server) };
        let len = if down { rng.range(900, 1292) } else { rng.range(70, 120) };
        rows.push(row(t + dt, s, d, "QUIC", len, format!("Protected Payload (KP0), DCID={dcid}"), false));
    }
}

/// A SYN scan of ports 1–1024 of the client: SYN from the scanner, RST/ACK back for closed ports.
fn syn_scan(rng: &mut Rng, start_s: f64, rows: &mut Vec<Row>) {
    let src_port = rng.range(40000, 60000);
    let mut ports: Vec<u64> = (1..=600).collect();
    for i in (1..ports.len()).rev() {
        ports.swap(i, rng.range(0, i as u64 + 1) as usize);
    }
    for (k, port) in ports.into_iter().enumerate() {
        let t = start_s + k as f64 * 0.004 + rng.unit() * 0.001;
        let syn = format!("{src_port}  >  {port} [SYN] Seq=0 Win=1024 Len=0 MSS=1460");
        rows.push(row(t, SCANNER, CLIENT, "TCP", 58, syn, true));
        let reply = if port == 22 || port == 443 {
            format!("{port}  >  {src_port} [SYN, ACK] Seq=0 Ack=1 Win=64240 Len=0 MSS=1460")
        } else {
            format!("{port}  >  {src_port} [RST, ACK] Seq=1 Ack=1 Win=0 Len=0")
        };
        rows.push(row(t + 0.0003, CLIENT, SCANNER, "TCP", 54, reply, true));
    }
}

/// An ICMP echo flood at the client, most requests unanswered.
fn icmp_flood(rng: &mut Rng, start_s: f64, rows: &mut Vec<Row>) {
    let id = rng.range(0, 0x10000);
    for seq in 1..=700u64 {
        let t = start_s + seq as f64 * 0.006 + rng.unit() * 0.002;
        let info = format!(
            "Echo (ping) request  id=0x{id:04x}, seq={seq}/{}, ttl=64 (no response found!)",
            ((seq % 256) << 8) | (seq >> 8)
        );
        rows.push(row(t, FLOODER, CLIENT, "ICMP", 1042, info, true));
    }
}

fn to_csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "\"No.\",\"Time\",\"Source\",\"Destination\",\"Protocol\",\"Length\",\"Info\",\"label\"\n",
    );
    for (i, r) in rows.iter().enumerate() {
        let label = if r.malicious { "malicious" } else { "normal" };
        let fields = [
            (i + 1).to_string(),
            format!("{:.6}", r.time_s),
            r.source.clone(),
            r.destination.clone(),
            r.protocol.to_string(),
            r.length_bytes.to_string(),
            r.info.clone(),
            label.to_string(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| format!("\"{}\"", f.replace('"', "\"\""))).collect();
        let _ = writeln!(out, "{}", quoted.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::generate;

    #[test]
    fn committed_sample_is_what_the_generator_writes() {
        let committed = include_str!("../../www/sample.csv");
        assert!(committed == generate(), "www/sample.csv is stale: run `cargo xtask sample` and commit it");
    }

    #[test]
    fn attacks_come_only_from_documentation_addresses() {
        let text = generate();
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert!((2500..5000).contains(&rows.len()), "{} packets", rows.len());
        let malicious: Vec<&&str> = rows.iter().filter(|r| r.ends_with("\"malicious\"")).collect();
        assert_eq!(malicious.len(), 600 * 2 + 700);
        assert!(malicious.iter().all(|r| r.contains("\"192.0.2.66\"") || r.contains("\"192.0.2.77\"")));
        for protocol in ["\"DNS\"", "\"TCP\"", "\"TLSv1.3\"", "\"QUIC\"", "\"ICMP\"", "\"ARP\""] {
            assert!(rows.iter().any(|r| r.contains(protocol)), "no {protocol} packet");
        }
        let times: Vec<f64> =
            rows.iter().map(|r| r.split("\",\"").nth(1).unwrap().parse().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "times must be sorted");
    }
}
