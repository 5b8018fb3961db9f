import Foundation
import Testing
import XMLSecurity

/// PublicKey keeps prepared OpenSSL verification contexts between calls; a refused signature, another
/// digest or many threads must never make one verification's state leak into the next.
@Suite struct PublicKeyContextReuseTests {
    @Test("Good and bad signatures alternate on the same key, across digests", arguments: [TestCredential.idpRSA, .idpECDSA])
    func alternating(_ credential: TestCredential) throws {
        let key = try credential.privateKey
        let publicKey = try credential.certificate.publicKey
        let algorithms: [SignatureAlgorithm] =
            publicKey.matches(.rsaSHA256) ? [.rsaSHA256, .rsaSHA384, .rsaSHA512] : [.ecdsaSHA256, .ecdsaSHA384, .ecdsaSHA512]
        let message = Array("SignedInfo bytes".utf8)
        for round in 0..<30 {
            let algorithm = algorithms[round % algorithms.count]
            let signature = try key.sign(message, algorithm: algorithm)
            var forged = signature
            forged[forged.count / 2] ^= 0x01
            #expect(publicKey.verify(signature: signature, over: message, algorithm: algorithm))
            #expect(!publicKey.verify(signature: forged, over: message, algorithm: algorithm))
            #expect(!publicKey.verify(signature: signature, over: message + [0], algorithm: algorithm))
            // The same signature checked under another digest is refused, not confused with a cached context.
            #expect(!publicKey.verify(signature: signature, over: message, algorithm: algorithms[(round + 1) % algorithms.count]))
        }
    }

    @Test("Concurrent verifications with one key all agree")
    func concurrent() async throws {
        let key = try TestCredential.idpRSA.privateKey
        let publicKey = try TestCredential.idpRSA.certificate.publicKey
        let messages = (0..<64).map { Array("message \($0)".utf8) }
        let signatures = try messages.map { try key.sign($0, algorithm: .rsaSHA256) }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in messages.indices {
                group.addTask { publicKey.verify(signature: signatures[index], over: messages[index], algorithm: .rsaSHA256) }
                group.addTask { !publicKey.verify(signature: signatures[index], over: messages[(index + 1) % 64], algorithm: .rsaSHA256) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 128 && outcomes.allSatisfy { $0 })
    }
}
