//! The attack relabelling (src/train/relabel): every rule on hand-made packets (a match and its near
//! misses), rule order, labels and targets, and the seed data's counts against tools/relabel_reference.py.

use anomalyze::capture::{Label, Packet};
use anomalyze::train::relabel::{relabel, RelabelError, TrainingLabel, Verdict, RULES};

fn packet(source: &str, destination: &str, protocol: &str, info: &str) -> Packet {
    Packet {
        number: 1,
        time_s: 0.0,
        source: source.to_owned(),
        destination: destination.to_owned(),
        protocol: protocol.to_owned(),
        length_bytes: 60,
        info: info.to_owned(),
        label: Some(Label::Malicious),
        capture_index: 0,
    }
}

/// Whether the rule called `name` matches `p` on its own (order aside).
fn matches(name: &str, p: &Packet) -> bool {
    let rule = RULES.iter().find(|r| r.name == name).unwrap_or_else(|| panic!("no rule {name}"));
    (rule.matches)(p)
}

/// The name of the first rule that matches (the deciding one), if any.
fn decided_by(p: &Packet) -> Option<&'static str> {
    RULES.iter().find(|r| (r.matches)(p)).map(|r| r.name)
}

const ATT: &str = "192.168.2.88";
const VIC: &str = "192.168.2.87";
const GW: &str = "192.168.2.1";

#[test]
fn syn_scan_probe_is_a_bare_syn_from_the_attacker() {
    let probe = packet(ATT, VIC, "TCP", "43261  >  8080 [SYN] Seq=1253611495 Win=1024 Len=0 MSS=1460");
    assert!(matches("syn_scan_probe", &probe));
    assert_eq!(decided_by(&probe), Some("syn_scan_probe"));
    // SYN, ACK is not a bare SYN; a SYN from another host is not the scan; UDP has no flags.
    let syn_ack = packet(ATT, VIC, "TCP", "4444  >  50424 [SYN, ACK] Seq=0 Ack=1 Win=65160 Len=0");
    assert!(!matches("syn_scan_probe", &syn_ack));
    let other = packet(VIC, "149.112.121.10", "TCP", "34968  >  443 [SYN] Seq=1 Win=64240 Len=0");
    assert!(!matches("syn_scan_probe", &other));
    assert_eq!(decided_by(&other), None);
    assert!(!matches("syn_scan_probe", &packet(ATT, VIC, "UDP", "5353  >  5353 Len=10")));
}

#[test]
fn syn_scan_reply_is_a_reset_to_the_attacker() {
    let reply = packet(VIC, ATT, "TCP", "8080  >  43261 [RST, ACK] Seq=0 Ack=1253611496 Win=0 Len=0");
    assert!(matches("syn_scan_reply", &reply));
    assert_eq!(decided_by(&reply), Some("syn_scan_reply"));
    // A plain RST, or a RST, ACK to someone else, is not the scan's answer.
    assert!(!matches("syn_scan_reply", &packet(VIC, ATT, "TCP", "8080  >  43261 [RST] Seq=0 Win=0 Len=0")));
    let elsewhere = packet(VIC, GW, "TCP", "80  >  5000 [RST, ACK] Seq=0 Ack=1 Win=0 Len=0");
    assert!(!matches("syn_scan_reply", &elsewhere));
}

#[test]
fn rat_session_is_tcp_on_port_4444_between_victim_and_attacker() {
    let session = [
        packet(VIC, ATT, "TCP", "50424  >  4444 [SYN] Seq=4096587548 Win=64240 Len=0 MSS=1460"),
        packet(ATT, VIC, "TCP", "4444  >  50424 [PSH, ACK] Seq=330935242 Ack=4096587549 Win=65280 Len=16"),
        packet(VIC, ATT, "TCP", "50424  >  4444 [ACK] Seq=4096587560 Ack=330935259 Win=64256 Len=0"),
    ];
    for p in &session {
        assert!(matches("rat_session", p), "{}", p.info);
    }
    assert_eq!(decided_by(&session[0]), Some("rat_session"));
    assert_eq!(decided_by(&session[1]), Some("rat_session"));
    // A scan probe of port 4444 is decided by the scan rule, which comes first.
    let probe = packet(ATT, VIC, "TCP", "43261  >  4444 [SYN] Seq=1253611495 Win=1024 Len=0 MSS=1460");
    assert!(matches("rat_session", &probe));
    assert_eq!(decided_by(&probe), Some("syn_scan_probe"));
    // Port 4444 with a third host, or 4444 only inside a sequence number, is not the session.
    assert!(!matches("rat_session", &packet(VIC, GW, "TCP", "50424  >  4444 [ACK] Seq=1 Ack=1 Win=5 Len=0")));
    let digits = packet(VIC, ATT, "TCP", "50424  >  443 [ACK] Seq=44441 Ack=1 Win=5 Len=0");
    assert!(!matches("rat_session", &digits));
}

#[test]
fn icmp_flood_is_echo_requests_from_and_replies_to_the_attacker() {
    let request = packet(
        ATT,
        VIC,
        "ICMP",
        "Echo (ping) request  id=0xfc0e, seq=40485/9630, ttl=64 (no response found!)",
    );
    let reply =
        packet(VIC, ATT, "ICMP", "Echo (ping) reply    id=0xfc0e, seq=4586/59921, ttl=64 (request in 44476)");
    assert!(matches("icmp_flood", &request) && matches("icmp_flood", &reply));
    assert_eq!(decided_by(&request), Some("icmp_flood"));
    // A reply *from* the attacker, another ICMP type, or ICMPv6 is not the flood.
    let wrong_way = packet(ATT, VIC, "ICMP", "Echo (ping) reply    id=0x1, seq=1/256, ttl=64");
    assert!(!matches("icmp_flood", &wrong_way));
    let unreachable = packet(ATT, VIC, "ICMP", "Destination unreachable (Port unreachable)");
    assert!(!matches("icmp_flood", &unreachable));
    let v6 = packet(ATT, VIC, "ICMPv6", "Echo (ping) request id=0x1, seq=1, hop limit=64");
    assert!(!matches("icmp_flood", &v6));
}

#[test]
fn ping_burst_is_echo_between_gateway_and_victim() {
    let request = packet(GW, VIC, "ICMP", "Echo (ping) request  id=0x0000, seq=0/0, ttl=64 (reply in 65)");
    let reply = packet(VIC, GW, "ICMP", "Echo (ping) reply    id=0x0000, seq=0/0, ttl=64 (request in 64)");
    assert!(matches("ping_burst", &request) && matches("ping_burst", &reply));
    assert_eq!(decided_by(&reply), Some("ping_burst"));
    assert!(!matches(
        "ping_burst",
        &packet(VIC, "8.8.8.8", "ICMP", "Echo (ping) request  id=0x1, seq=1/256")
    ));
    assert!(!matches(
        "ping_burst",
        &packet(GW, VIC, "ICMP", "Time-to-live exceeded (Time to live exceeded)")
    ));
}

#[test]
fn arp_duplicate_use_is_wiresharks_warning() {
    let warned = packet(
        "VMware_7c:59:c3",
        "SagemcomBroa_fe:ce:de",
        "ARP",
        "192.168.2.87 is at 00:0c:29:7c:59:c3 (duplicate use of 192.168.2.1 detected!)",
    );
    assert!(matches("arp_duplicate_use", &warned));
    assert_eq!(decided_by(&warned), Some("arp_duplicate_use"));
    let gateway_asks = packet(
        "SagemcomBroa_fe:ce:de",
        "VMware_7c:59:c3",
        "ARP",
        "Who has 192.168.2.88? Tell 192.168.2.1 (duplicate use of 192.168.2.1 detected!)",
    );
    assert_eq!(decided_by(&gateway_asks), Some("arp_duplicate_use"));
    // The same words outside ARP do not count.
    assert!(!matches("arp_duplicate_use", &packet(VIC, GW, "UDP", "1  >  2 Len=3 duplicate use of")));
}

#[test]
fn arp_poison_reply_binds_another_address_to_the_attackers_mac() {
    let poison = packet("VMware_7c:59:c3", "VMware_a3:5f:04", "ARP", "192.168.2.1 is at 00:0c:29:7c:59:c3");
    assert!(matches("arp_poison_reply", &poison));
    assert_eq!(decided_by(&poison), Some("arp_poison_reply"));
    // The attacker's true binding, and other hosts' replies, are not poison.
    let truthful =
        packet("VMware_7c:59:c3", "VMware_a3:5f:04", "ARP", "192.168.2.88 is at 00:0c:29:7c:59:c3");
    assert!(!matches("arp_poison_reply", &truthful));
    assert_eq!(decided_by(&truthful), Some("attacker_arp"));
    let gateway =
        packet("SagemcomBroa_fe:ce:de", "VMware_7c:59:c3", "ARP", "192.168.2.1 is at 0c:ac:8a:fe:ce:de");
    assert!(!matches("arp_poison_reply", &gateway));
    let request = packet("VMware_7c:59:c3", "Broadcast", "ARP", "Who has 192.168.2.87? Tell 192.168.2.88");
    assert!(!matches("arp_poison_reply", &request));
}

#[test]
fn attacker_arp_is_the_attackers_own_resolution_and_is_undecided() {
    let asks = packet("VMware_7c:59:c3", "Broadcast", "ARP", "Who has 192.168.2.87? Tell 192.168.2.88");
    let answered =
        packet("VMware_a3:5f:04", "VMware_7c:59:c3", "ARP", "192.168.2.87 is at 00:0c:29:a3:5f:04");
    let victim_asks =
        packet("VMware_a3:5f:04", "Broadcast", "ARP", "Who has 192.168.2.88? Tell 192.168.2.87");
    for p in [&asks, &answered, &victim_asks] {
        assert_eq!(decided_by(p), Some("attacker_arp"), "{}", p.info);
    }
    let rule = RULES.iter().find(|r| r.name == "attacker_arp").unwrap();
    assert_eq!(rule.verdict, Verdict::Undecided);
    // 192.168.2.188 is not the attacker; an announcement by another host is background.
    let other = packet("Espressif_c1:ed:e0", "Broadcast", "ARP", "Who has 192.168.2.188? Tell 192.168.2.26");
    assert_eq!(decided_by(&other), None);
}

#[test]
fn attacker_other_is_any_remaining_packet_of_the_attacker() {
    let dns = packet(ATT, "207.164.234.193", "DNS", "Standard query 0x3e05 PTR 1.2.168.192.in-addr.arpa OPT");
    assert_eq!(decided_by(&dns), Some("attacker_other"));
    let answer = packet("207.164.234.193", ATT, "DNS", "Standard query response 0x3e05 No such name");
    assert_eq!(decided_by(&answer), Some("attacker_other"));
    assert_eq!(decided_by(&packet(VIC, "207.164.234.193", "DNS", "Standard query 0x1 A x.org")), None);
}

#[test]
fn every_rule_has_a_unique_name_and_a_definition() {
    let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RULES.len());
    assert!(RULES.iter().all(|r| !r.definition.is_empty() && !r.attack.is_empty()));
    // Attack rules come before the undecided ones, so an attack packet of the attacker stays attack.
    let first_undecided = RULES.iter().position(|r| r.verdict == Verdict::Undecided).unwrap();
    assert!(RULES[first_undecided..].iter().all(|r| r.verdict == Verdict::Undecided));
}

#[test]
fn labels_follow_the_capture_label_then_the_rules() {
    let mut normal_probe = packet(ATT, VIC, "TCP", "43261  >  22 [SYN] Seq=1 Win=1024 Len=0 MSS=1460");
    normal_probe.label = Some(Label::Normal);
    let packets = vec![
        packet(ATT, VIC, "TCP", "43261  >  22 [SYN] Seq=1 Win=1024 Len=0 MSS=1460"),
        packet(VIC, "142.251.33.174", "TLSv1.2", "Application Data"),
        packet(ATT, "207.164.234.193", "DNS", "Standard query 0x1 PTR 1.2.168.192.in-addr.arpa"),
        normal_probe,
    ];
    let r = relabel(&packets).unwrap();
    use TrainingLabel::*;
    assert_eq!(r.labels(), [Attack, Background, Undecided, Normal]);
    assert_eq!(r.targets(), [Some(true), Some(false), None, Some(false)]);
    assert_eq!(r.rule_of(0).map(|r| r.name), Some("syn_scan_probe"));
    assert_eq!(r.rule_of(1).map(|r| r.name), None);
    assert_eq!(r.rule_of(3).map(|r| r.name), None, "normal captures are never relabelled");
    let summary = r.summary(&[0, 0, 1, 2], 3);
    assert_eq!(summary.total.attack + summary.total.background, 2);
    assert_eq!((summary.total.undecided, summary.total.normal), (1, 1));
    let probe = summary.rules.iter().find(|c| c.name == "syn_scan_probe").unwrap();
    assert_eq!((probe.per_block.as_slice(), probe.total, probe.matches_in_normal), (&[1, 0, 0][..], 1, 1));
    let blocks: Vec<_> = summary.blocks.iter().map(|b| b.counts.total()).collect();
    assert_eq!(blocks, [2, 1, 1]);
}

#[test]
fn an_unlabelled_packet_is_an_error_naming_it() {
    let mut p = packet(VIC, GW, "UDP", "1  >  2 Len=3");
    p.label = None;
    p.number = 17;
    let labelled = packet(VIC, GW, "UDP", "1  >  2 Len=3");
    let err = relabel(&[labelled, p]).unwrap_err();
    assert_eq!(err, RelabelError::Unlabelled { row: 1, number: 17 });
    assert!(err.to_string().contains("packet 17 (row 1) has no label"), "{err}");
}
