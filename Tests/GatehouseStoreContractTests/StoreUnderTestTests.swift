import Testing

@Suite struct StoreUnderTestTests {
    /// scripts/test sets GATEHOUSE_REQUIRE_POSTGRES=1 with the server's URL: without the URL every
    /// PostgreSQL case would silently not run, so the suite must fail instead.
    @Test("Under scripts/test (GATEHOUSE_REQUIRE_POSTGRES=1) the PostgreSQL store is configured and tested")
    func postgresIsConfiguredUnderScriptsTest() {
        guard StoreKind.environment["GATEHOUSE_REQUIRE_POSTGRES"] == "1" else { return }
        #expect(StoreKind.postgresURL != nil, "GATEHOUSE_REQUIRE_POSTGRES=1 but GATEHOUSE_TEST_POSTGRES_URL is not set")
        #expect(StoreKind.testedKinds == [.sqlite, .inMemory, .postgres])
    }
}
