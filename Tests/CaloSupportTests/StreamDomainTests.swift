import CaloSupport
import XCTest

final class StreamDomainTests: XCTestCase {
    /// Under each key, no two domains share a stream over their declared capacities, apart from
    /// the listed overlaps.
    func testNoTwoDomainsOverlapUnderOneKey() {
        let known = Set(StreamDomain.knownOverlaps.flatMap { [[$0.0.name, $0.1.name], [$0.1.name, $0.0.name]] })
        let all = StreamDomain.all
        for i in all.indices {
            for j in all.indices where j > i && all[i].overlaps(all[j]) {
                XCTAssertTrue(known.contains([all[i].name, all[j].name]), "\(all[i]) overlaps \(all[j])")
            }
        }
    }

    /// Every listed overlap is real, so the list shrinks when one is separated.
    func testKnownOverlapsAreReal() {
        for (a, b) in StreamDomain.knownOverlaps {
            XCTAssertTrue(a.overlaps(b), "\(a) and \(b) no longer overlap; remove them from knownOverlaps")
            XCTAssertTrue(StreamDomain.all.contains(a) && StreamDomain.all.contains(b), "\(a), \(b) not in StreamDomain.all")
        }
    }

    func testEveryDomainIsListedOnceAndUsedUnderAKey() {
        XCTAssertEqual(Set(StreamDomain.all.map(\.name)).count, StreamDomain.all.count, "duplicate domain names")
        for d in StreamDomain.all { XCTAssertFalse(d.keys.isEmpty, "\(d) has no key") }
        let used = Set(StreamDomain.all.flatMap(\.keys))
        XCTAssertEqual(used, Set(StreamDomain.Key.allCases), "keys without a domain: \(Set(StreamDomain.Key.allCases).subtracting(used))")
    }

    /// The overlap test itself: shared key and shared stream, including the last stream 2^64 - 1.
    func testOverlapRule() {
        let a = StreamDomain("a", keys: [.simulation], first: 10, capacity: 5)
        XCTAssertEqual(a.last, 14)
        XCTAssertTrue(a.overlaps(StreamDomain("b", keys: [.simulation, .training], first: 14, capacity: 1)))
        XCTAssertFalse(a.overlaps(StreamDomain("c", keys: [.simulation], first: 15, capacity: 100)))
        XCTAssertFalse(a.overlaps(StreamDomain("d", keys: [.training], first: 0, capacity: 100)))
        XCTAssertTrue(a.overlaps(StreamDomain("e", keys: [.simulation], first: 0, capacity: 11)))
        let top = StreamDomain("top", keys: [.simulation], first: UInt64.max, capacity: 1)
        XCTAssertEqual(top.last, UInt64.max)
        XCTAssertTrue(top.overlaps(StreamDomain.showerConditions))
        XCTAssertFalse(top.overlaps(StreamDomain.incidentEnergy))
        XCTAssertFalse(top.overlaps(StreamDomain.showerTransport))
    }

    /// The domains reproduce the stream numbers of every earlier simulate, train and generate output
    /// (the classifier test alone moved its split and batches away from its layers' streams).
    func testStreamsAreTheEstablishedNumbers() {
        for i: UInt64 in [0, 1, 12_345, (1 << 62) - 1] {
            XCTAssertEqual(StreamDomain.showerTransport.stream(i), i)
            XCTAssertEqual(StreamDomain.incidentEnergy.stream(i), i | (1 << 63))
            XCTAssertEqual(StreamDomain.showerConditions.stream(i), i | (1 << 63) | (1 << 62))
            XCTAssertEqual(StreamDomain.generatorNoise.stream(i), i)
        }
        XCTAssertEqual(StreamDomain.showerTransport.stream((1 << 63) - 1), (1 << 63) - 1)
        XCTAssertEqual(StreamDomain.showerConditions.last, UInt64.max)
        XCTAssertEqual(StreamDomain.trainingSplit.stream(0), 0x5EED_5917)
        XCTAssertEqual(StreamDomain.ganStep.stream(8 * 3 + 7), 31)
        XCTAssertEqual(StreamDomain.layerInitialisation.stream(2), 2)
        XCTAssertEqual(StreamDomain.classifierSplit.stream(0), 1 << 40)
        XCTAssertEqual(StreamDomain.classifierBatches.stream(0), (1 << 40) + 1)
        XCTAssertEqual(StreamDomain.bootstrapReplicas.stream(199), 199)
        XCTAssertEqual(StreamDomain.tensorFillKeys.stream(0), 0x7E45_0001)
        for (tag, i): (UInt64, UInt64) in [(1, 0), (0x7fff_ffff, 0xffff_ffff), (12_345, 77)] {
            XCTAssertEqual(StreamDomain.physicsCheckShowers.stream((tag - 1) << 32 | i), tag << 32 | i)
        }
        var a = StreamDomain.showerTransport.generator(key: 9, index: 4), b = Philox(seed: 9, stream: 4)
        XCTAssertEqual((0..<8).map { _ in a.next32() }, (0..<8).map { _ in b.next32() })
    }
}
