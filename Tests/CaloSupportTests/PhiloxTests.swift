import CaloSupport
import XCTest

final class PhiloxTests: XCTestCase {
    /// Published known-answer vectors of Philox4x32-10 (Random123 kat_vectors; docs/physics.md §12.6).
    func testKnownAnswers() {
        let cases: [(Philox.Block, (UInt32, UInt32), Philox.Block)] = [
            ((0, 0, 0, 0), (0, 0), (0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8)),
            ((0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff), (0xffff_ffff, 0xffff_ffff),
             (0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd)),
            ((0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), (0xa409_3822, 0x299f_31d0),
             (0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1)),
        ]
        for (counter, key, expected) in cases {
            let out = Philox.block(counter: counter, key: key)
            XCTAssertEqual([out.0, out.1, out.2, out.3], [expected.0, expected.1, expected.2, expected.3])
        }
    }

    /// The four-lane blocks are the single blocks of counters draw ... draw + 3 (also across the
    /// 32-bit carry of the draw counter), and the stream is their words in order.
    func testFourBlocksEqualSingleBlocks() {
        let stream: (UInt32, UInt32) = (0x243f_6a88, 0x8000_0001), key: (UInt32, UInt32) = (0xa409_3822, 0xffff_ffff)
        for draw: UInt64 in [0, 7, 0xffff_fffe, 0x1_2345_6789_abcd, .max - 3] {
            let four = Philox.blocks4(draw: draw, stream: stream, key: key)
            for j in 0..<4 {
                let d = draw &+ UInt64(j)
                let b = Philox.block(counter: (UInt32(truncatingIfNeeded: d), UInt32(truncatingIfNeeded: d >> 32),
                                               stream.0, stream.1), key: key)
                XCTAssertEqual([four[4 * j], four[4 * j + 1], four[4 * j + 2], four[4 * j + 3]], [b.0, b.1, b.2, b.3],
                               "draw \(draw) + \(j)")
            }
        }
        var g = Philox(seed: 0xffff_ffff_0000_0005, stream: 0x1_0000_0003)
        for d: UInt64 in 0..<40 {  // across two refills of sixteen blocks
            let b = Philox.block(counter: (UInt32(d), 0, 3, 1), key: (5, 0xffff_ffff))
            XCTAssertEqual([g.next32(), g.next32(), g.next32(), g.next32()], [b.0, b.1, b.2, b.3], "block \(d)")
        }
    }

    /// Every kernel this CPU can run gives the sixteen single blocks of counters draw ... draw + 15,
    /// also across the 32-bit carry of the draw counter and with all-ones keys and streams.
    func testSixteenBlocksOnEveryKernelEqualSingleBlocks() {
        let cases: [((UInt32, UInt32), (UInt32, UInt32))] = [((0x243f_6a88, 0x8000_0001), (0xa409_3822, 0xffff_ffff)),
                                                             ((0xffff_ffff, 0xffff_ffff), (0xffff_ffff, 0xffff_ffff)),
                                                             ((0, 0), (0, 0))]
        XCTAssertEqual(PhiloxKernel.available.last, .portable)
        for kernel in PhiloxKernel.available {
            for (stream, key) in cases {
                for draw: UInt64 in [0, 7, 0xffff_fff8, 0x1_2345_6789_abcd, .max - 15, .max - 3] {
                    let words = Philox.blocks16(draw: draw, stream: stream, key: key, kernel: kernel)
                    for j in 0..<16 {
                        let d = draw &+ UInt64(j)
                        let b = Philox.block(counter: (UInt32(truncatingIfNeeded: d), UInt32(truncatingIfNeeded: d >> 32),
                                                       stream.0, stream.1), key: key)
                        XCTAssertEqual([words[4 * j], words[4 * j + 1], words[4 * j + 2], words[4 * j + 3]],
                                       [b.0, b.1, b.2, b.3], "\(kernel): draw \(draw) + \(j)")
                    }
                }
            }
        }
    }

    /// Streams are reproducible and distinct; uniforms lie in (0, 1) with mean 1/2.
    func testStreams() {
        var a = Philox(seed: 7, stream: 3), b = Philox(seed: 7, stream: 3), c = Philox(seed: 7, stream: 4)
        let xa = (0..<10).map { _ in a.next() }, xb = (0..<10).map { _ in b.next() }
        let xc = (0..<10).map { _ in c.next() }
        XCTAssertEqual(xa, xb)
        XCTAssertNotEqual(xa, xc)
        var g = Philox(seed: 1, stream: 0)
        let n = 100_000
        var sum = 0.0
        for _ in 0..<n {
            let u = g.uniform()
            XCTAssert(u > 0 && u < 1)
            sum += u
        }
        // Pull of the mean: rms of U(0,1) is 1/sqrt(12).
        let pull = abs(sum / Double(n) - 0.5) * Double(n).squareRoot() / (1 / 12.0.squareRoot())
        XCTAssertLessThan(pull, 4)
    }
}
