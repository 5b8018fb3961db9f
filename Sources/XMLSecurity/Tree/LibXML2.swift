internal import CLibXML2

/// Process-wide libxml2 set-up.
enum LibXML2 {
    /// libxml2 must initialise its globals (dictionaries, character tables, thread keys) once before
    /// threads parse concurrently; its own lazy initialisation inside each parse call is not race-free
    /// in 2.9. A Swift global is initialised exactly once, thread-safely.
    static func initializeOnce() {
        _ = initialized
    }

    private static let initialized: Void = {
        xmlInitParser()
    }()
}
