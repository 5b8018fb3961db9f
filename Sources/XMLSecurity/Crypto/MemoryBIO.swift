internal import COpenSSL

/// A read-only OpenSSL BIO over bytes the instance keeps alive.
final class MemoryBIO {
    let bio: OpaquePointer
    private let storage: UnsafeMutableRawBufferPointer

    init(_ bytes: some Collection<UInt8>) throws(XMLSecurityError) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        storage.copyBytes(from: bytes)
        guard let bio = BIO_new_mem_buf(storage.baseAddress, Int32(bytes.count)) else {
            storage.deallocate()
            throw XMLSecurityError(.cryptoFailure, OpenSSLError.drain("BIO_new_mem_buf"))
        }
        self.bio = bio
    }

    convenience init(_ text: String) throws(XMLSecurityError) {
        try self.init(Array(text.utf8))
    }

    deinit {
        BIO_free(bio)
        storage.deallocate()
    }
}

/// A writable memory BIO whose contents can be read back as bytes.
final class OutputBIO {
    let bio: OpaquePointer

    init() {
        bio = BIO_new(BIO_s_mem())!
    }

    deinit {
        BIO_free(bio)
    }

    var bytes: [UInt8] {
        var memory: UnsafeMutablePointer<BUF_MEM>?
        COpenSSL_BIO_get_mem_ptr(bio, &memory)
        guard let memory, let data = memory.pointee.data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: memory.pointee.length) {
            Array(UnsafeBufferPointer(start: $0, count: memory.pointee.length))
        }
    }

    var string: String {
        String(decoding: bytes, as: UTF8.self)
    }
}
