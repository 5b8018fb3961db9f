import GatehouseCore
import Testing

@Suite struct AudienceRuleTests {
    @Test("all admits everyone, including members of no list")
    func all() {
        #expect(AudienceRule.all.admits(memberships: [String]()))
        #expect(AudienceRule.all.admits(memberships: ["Anything"]))
    }

    @Test("lists admits members of at least one named list")
    func lists() {
        let rule = AudienceRule.lists(["Customers", "Partners"])
        #expect(rule.admits(memberships: ["Customers"]))
        #expect(rule.admits(memberships: ["Staff", "Partners"]))
        #expect(!rule.admits(memberships: ["Staff"]))
        #expect(!rule.admits(memberships: [String]()))
    }

    @Test("List names are compared case-insensitively on both sides")
    func caseInsensitive() {
        #expect(AudienceRule.lists(["Customers"]).admits(memberships: ["customers"]))
        #expect(AudienceRule.lists(["customers"]).admits(memberships: ["CUSTOMERS"]))
        #expect(AudienceRule.lists(["Ärzte"]).admits(memberships: ["ÄRZTE"]))
    }

    @Test("Names must match whole, not as prefixes or with extra spaces")
    func exactNames() {
        let rule = AudienceRule.lists(["Customers"])
        #expect(!rule.admits(memberships: ["Customer"]))
        #expect(!rule.admits(memberships: ["Customers-old"]))
        #expect(!rule.admits(memberships: [" Customers"]))
        #expect(!rule.admits(memberships: [""]))
    }

    @Test("A rule naming no list admits nobody")
    func emptyLists() {
        #expect(!AudienceRule.lists([]).admits(memberships: ["Customers"]))
        #expect(!AudienceRule.lists([]).admits(memberships: [String]()))
    }

    @Test("The description is 'all' or the sorted list names")
    func description() {
        #expect(AudienceRule.all.description == "all")
        #expect(AudienceRule.lists(["Partners", "Customers"]).description == "Customers, Partners")
        #expect(AudienceRule.lists([]).description == "")
    }
}
