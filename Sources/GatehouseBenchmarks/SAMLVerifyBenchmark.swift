import Foundation
import SAML
@_spi(Benchmarks) import XMLSecurity

/// `saml-verify`: full Response verification against libxmlsec1 and against the floor of the work
/// itself (libxml2 parse + exc-C14N/SHA-256 + OpenSSL RSA verify), all in one run on one core.
struct SAMLVerifyBenchmark {
    var rounds = 21
    var cpu = 0
    /// `--profile N`: only run N verifications, for perf or callgrind.
    var profileIterations: Int?

    init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--rounds": rounds = Int(iterator.next() ?? "") ?? rounds
            case "--cpu": cpu = Int(iterator.next() ?? "") ?? cpu
            case "--profile": profileIterations = Int(iterator.next() ?? "")
            default: throw BenchmarkError("unknown option \(argument)")
            }
        }
    }

    func run() throws {
        // Under a profiler, stay in this process (re-executing under taskset would escape it).
        if profileIterations == nil { ProcessResources.pinOrReexec(cpu: cpu) }
        let pinned = ProcessResources.allowedCPUs == String(cpu)
        let fixture = try BenchmarkResponse.make()
        let validator = fixture.validator
        let verifyOnce = {
            // The same bytes are verified again and again, so the replay cache is emptied after each
            // verification: the replay check (a locked hash insert) runs every time without refusing the repeat.
            _ = try! validator.validate(fixture.bytes, expectedRequestID: fixture.requestID, now: fixture.now)
            fixture.replayCache.removeAll()
        }

        if let profileIterations {
            for _ in 0..<profileIterations { verifyOnce() }
            return
        }

        // Memory: RSS after 1,000 verifications against the peak after 100,000.
        for _ in 0..<1_000 { verifyOnce() }
        let rssAfterWarmup = ProcessResources.statusKilobytes("VmRSS")
        for _ in 1_000..<100_000 { verifyOnce() }
        let peak = ProcessResources.statusKilobytes("VmHWM")

        // Floor operations on the same document.
        let tree = try XMLTree.parse(fixture.bytes)
        let assertion = tree.root.firstChild("Assertion", in: SAMLNamespace.assertion)!
        let signatureElement = assertion.firstChild("Signature", in: XMLSignatureNamespace.dsig)!
        let signature = try EnvelopedSignature(signatureElement)
        let (signedInfo, signatureValue) = try LibraryFloor.signedInfoAndValue(of: signature)
        let key = fixture.validator.identityProvider.signingKeys[0]
        let prepared = LibraryFloor.PreparedVerifier(key: key)
        precondition(prepared.verify(signatureValue, over: signedInfo))
        let parseOnce = { precondition(LibraryFloor.parse(fixture.bytes)) }
        let digestOnce = { _ = LibraryFloor.canonicalizeAndDigest(assertion, excluding: signatureElement) }
        let rsaOnce = { precondition(prepared.verify(signatureValue, over: signedInfo)) }
        let oneShotOnce = {
            precondition(LibraryFloor.digestVerify(signatureValue, over: signedInfo, key: key, algorithm: .rsaSHA256))
        }

        let target = 0.15
        let counts = [verifyOnce, parseOnce, digestOnce, rsaOnce, oneShotOnce].map { Rounds.calibrate(target: target, $0) }
        var ours = Rounds()
        var parse = Rounds()
        var digest = Rounds()
        var rsa = Rounds()
        var oneShot = Rounds()
        for _ in 0..<rounds {
            ours.time(iterations: counts[0], verifyOnce)
            parse.time(iterations: counts[1], parseOnce)
            digest.time(iterations: counts[2], digestOnce)
            rsa.time(iterations: counts[3], rsaOnce)
            oneShot.time(iterations: counts[4], oneShotOnce)
        }

        let baseline = try XMLSecBaseline.run(
            responsePath: fixture.path, certificatePath: fixture.certificatePath, rounds: rounds,
            iterations: max(200, Int(Double(counts[0]) / 4)))

        let floorMicroseconds = parse.medianMicroseconds + digest.medianMicroseconds + rsa.medianMicroseconds
        let floorPerSecond = 1e6 / floorMicroseconds
        let ratio = ours.median / baseline.medianPerSecond
        // Each round times ours and the three floor parts back to back, so the per-round ratio cancels
        // drift in machine speed; its median is the figure reported.
        let perRound = (0..<rounds).map { round in
            let floorRound = 1e6 / parse.perSecond[round] + 1e6 / digest.perSecond[round] + 1e6 / rsa.perSecond[round]
            return ours.perSecond[round] * floorRound / 1e6 * 100
        }.sorted()
        let percentOfFloor = perRound[perRound.count / 2]

        func row(_ label: String, _ rounds: Rounds) -> String {
            label.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%9.0f/s  %7.2f µs  (spread %4.1f%%)", rounds.median, rounds.medianMicroseconds, rounds.relativeSpread * 100)
        }
        print("saml-verify — \(fixture.bytes.count)-byte Response, one signed Assertion (RSA-2048/SHA-256), 5 attributes")
        print("  \(rounds) rounds of ~\(Int(target * 1000)) ms each; CPU \(pinned ? "pinned to \(cpu)" : "not pinned")")
        print("  " + row("gatehouse ResponseValidator (all policies)", ours))
        print(
            "  " + "libxmlsec1 in-process (python-xmlsec)".padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%9.0f/s  %7.2f µs  ", baseline.medianPerSecond, 1e6 / baseline.medianPerSecond) + baseline.version)
        print("  " + row("floor: libxml2 parse only", parse))
        print("  " + row("floor: exc-c14n + SHA-256 only", digest))
        print("  " + row("floor: OpenSSL RSA-2048 verify only", rsa))
        print("  " + row("  (one-shot EVP_DigestVerify incl. setup)", oneShot))
        print(
            "  " + "floor: 1 / sum of the three".padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%9.0f/s  %7.2f µs", floorPerSecond, floorMicroseconds))
        print(String(format: "  %% of floor per round: min %.1f, median %.1f, max %.1f", perRound.first!, percentOfFloor, perRound.last!))
        print(
            String(
                format: "  memory: RSS %.1f MB after 1,000 verifications, peak %.1f MB after 100,000 (%+.2f MB)",
                Double(rssAfterWarmup) / 1024, Double(peak) / 1024, Double(peak - rssAfterWarmup) / 1024))
        print(
            String(
                format: "  targets: ≥2.5x libxmlsec1 %@, ≥80%% of floor %@, ≤5 MB growth %@",
                ratio >= 2.5 ? "met" : "MISSED", percentOfFloor >= 80 ? "met" : "MISSED", peak - rssAfterWarmup <= 5 * 1024 ? "met" : "MISSED"))
        print(String(format: "saml-verify: %.0f/s, %.2fx libxmlsec1, %.0f%% of floor", ours.median, ratio, percentOfFloor))
    }
}
