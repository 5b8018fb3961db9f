internal import COpenSSL

/// Block ciphers for `EncryptedData` (xmlenc-core 5.2, xmlenc-core1 5.2.4).
enum ContentEncryption: String, CaseIterable {
    case aes128CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
    case aes192CBC = "http://www.w3.org/2001/04/xmlenc#aes192-cbc"
    case aes256CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
    case aes128GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
    case aes192GCM = "http://www.w3.org/2009/xmlenc11#aes192-gcm"
    case aes256GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"

    var keyLength: Int {
        switch self {
        case .aes128CBC, .aes128GCM: 16
        case .aes192CBC, .aes192GCM: 24
        case .aes256CBC, .aes256GCM: 32
        }
    }

    var isGCM: Bool {
        switch self {
        case .aes128GCM, .aes192GCM, .aes256GCM: true
        default: false
        }
    }

    private var cipherName: String {
        switch self {
        case .aes128CBC: "AES-128-CBC"
        case .aes192CBC: "AES-192-CBC"
        case .aes256CBC: "AES-256-CBC"
        case .aes128GCM: "AES-128-GCM"
        case .aes192GCM: "AES-192-GCM"
        case .aes256GCM: "AES-256-GCM"
        }
    }

    /// Decrypts `payload` (IV, ciphertext and, for GCM, the 16-byte tag, as xmlenc lays them out).
    /// Every failure is the same error, so the result cannot serve as a padding or tag oracle.
    func decrypt(_ payload: [UInt8], key: [UInt8]) throws(XMLSecurityError) -> [UInt8] {
        let failure = XMLSecurityError(.decryptionFailed, "The encrypted assertion could not be decrypted with the configured SP key.")
        let ivLength = isGCM ? 12 : 16
        let tagLength = isGCM ? 16 : 0
        guard key.count == keyLength, payload.count > ivLength + tagLength else { throw failure }
        guard let cipher = EVP_CIPHER_fetch(nil, cipherName, nil) else {
            throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("EVP_CIPHER_fetch(\(cipherName))"))
        }
        defer { EVP_CIPHER_free(cipher) }
        guard let context = EVP_CIPHER_CTX_new() else { throw XMLSecurityError(.cryptoFailure, "EVP_CIPHER_CTX_new failed.") }
        defer { EVP_CIPHER_CTX_free(context) }

        let iv = Array(payload.prefix(ivLength))
        let ciphertext = Array(payload[ivLength..<(payload.count - tagLength)])
        var tag = Array(payload.suffix(tagLength))
        guard EVP_DecryptInit_ex2(context, cipher, key, iv, nil) == 1 else {
            OpenSSLError.clear()
            throw failure
        }
        // XML Encryption pads with arbitrary bytes and a final length byte, not PKCS#7: strip it ourselves.
        EVP_CIPHER_CTX_set_padding(context, 0)
        var output = [UInt8](repeating: 0, count: ciphertext.count + 32)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard EVP_DecryptUpdate(context, out.baseAddress, &written, ciphertext, Int32(ciphertext.count)) == 1 else { return false }
            if isGCM {
                guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1 else { return false }
            }
            return EVP_DecryptFinal_ex(context, out.baseAddress! + Int(written), &finalWritten) == 1
        }
        guard ok else {
            OpenSSLError.clear()
            throw failure
        }
        output.removeLast(output.count - Int(written + finalWritten))
        if !isGCM {
            guard let padding = output.last, padding >= 1, padding <= 16, Int(padding) <= output.count else { throw failure }
            output.removeLast(Int(padding))
        }
        return output
    }
}
