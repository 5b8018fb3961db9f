internal import CZlib

/// Raw DEFLATE (RFC 1951, no zlib or gzip header), as the SAML HTTP-Redirect binding requires
/// (saml-bindings 3.4.4.1). zlib does the work; this only drives its stream API.
public enum RawDeflate {
    /// Compresses `bytes`.
    public static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // -15: raw deflate with a 32 KiB window.
        guard CZlib_deflateInit2(&stream, Z_BEST_COMPRESSION, -15) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        var input = bytes
        let status = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "deflate with a deflateBound-sized buffer must finish in one call")
        return Array(output.prefix(Int(stream.total_out)))
    }

    /// Decompresses `bytes`, refusing output larger than `limit` (a deflate bomb stops there).
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(XMLSecurityError) -> [UInt8] {
        var stream = z_stream()
        guard CZlib_inflateInit2(&stream, -15) == Z_OK else {
            throw XMLSecurityError(.encodingInvalid, "inflateInit2 failed.")
        }
        defer { inflateEnd(&stream) }
        var input = bytes
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { destination in
                    stream.next_out = destination.baseAddress
                    stream.avail_out = UInt32(destination.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: destination.prefix(destination.count - Int(stream.avail_out)))
                }
            } while status == Z_OK && output.count <= limit
        }
        guard output.count <= limit else {
            throw XMLSecurityError(.inputTooLarge, "The inflated message exceeds \(limit) bytes.")
        }
        guard status == Z_STREAM_END else {
            throw XMLSecurityError(.encodingInvalid, "The message is not valid raw DEFLATE data (zlib status \(status)).")
        }
        return output
    }
}
