internal import COpenSSL

/// Converts between the XML Signature ECDSA encoding (`r || s`, each as wide as the group order) and
/// the DER `ECDSA-Sig-Value` OpenSSL speaks.
enum ECDSASignatureEncoding {
    static func fieldLength(of key: PublicKey) -> Int {
        (Int(EVP_PKEY_get_bits(key.key)) + 7) / 8
    }

    static func der(fromConcatenated signature: [UInt8], key: PublicKey) -> [UInt8]? {
        let half = fieldLength(of: key)
        guard signature.count == 2 * half, let value = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(value) }
        let r = signature.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32(half), nil) }
        let s = signature.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + half, Int32(half), nil) }
        guard let r, let s else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        // ECDSA_SIG_set0 takes ownership of both numbers.
        guard ECDSA_SIG_set0(value, r, s) == 1 else {
            BN_free(r)
            BN_free(s)
            return nil
        }
        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_ECDSA_SIG(value, &output)
        guard length > 0, let output else { return nil }
        defer { COpenSSL_OPENSSL_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    static func concatenated(fromDER der: [UInt8], fieldLength: Int) -> [UInt8]? {
        var cursor: UnsafePointer<UInt8>? = nil
        let value: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let value else { return nil }
        defer { ECDSA_SIG_free(value) }
        var r: OpaquePointer?
        var s: OpaquePointer?
        ECDSA_SIG_get0(value, &r, &s)
        var output = [UInt8](repeating: 0, count: 2 * fieldLength)
        let ok = output.withUnsafeMutableBufferPointer { buffer in
            BN_bn2binpad(r, buffer.baseAddress, Int32(fieldLength)) == fieldLength
                && BN_bn2binpad(s, buffer.baseAddress! + fieldLength, Int32(fieldLength)) == fieldLength
        }
        return ok ? output : nil
    }
}
