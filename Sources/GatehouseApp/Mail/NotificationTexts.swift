import GatehouseCore

/// The words of ticket notifications in one language. Placeholders: `{{id}}`, `{{subject}}`,
/// `{{author}}` (who wrote), `{{email}}` (their address, agents' emails only), `{{message}}`, `{{link}}`,
/// `{{unsubscribe}}`, `{{portal}}`; split once per language at startup (``CompiledTemplate``) and filled
/// in one pass, so a ticket's text never becomes a placeholder. `-- ` (with its space, written `\u{20}`) starts the signature that mail
/// programs show folded away.
struct NotificationTexts: Sendable {
    /// To the ticket's contacts: an agent answered.
    var answerSubject: String
    var answerBody: String
    /// To the agents: a new ticket, a customer's reply.
    var openedSubject: String
    var openedBody: String
    var repliedSubject: String
    var repliedBody: String

    static func of(_ language: Language) -> NotificationTexts {
        switch language {
        case .en: english
        case .fi: finnish
        case .de: german
        }
    }

    /// The same texts split into literal runs and placeholders, per language.
    struct Compiled: Sendable {
        let answerSubject, answerBody, openedSubject, openedBody, repliedSubject, repliedBody: CompiledTemplate
    }

    static let compiled: [Language: Compiled] = Dictionary(
        uniqueKeysWithValues: Language.allCases.map { language in
            let texts = of(language)
            return (
                language,
                Compiled(
                    answerSubject: CompiledTemplate(texts.answerSubject), answerBody: CompiledTemplate(texts.answerBody),
                    openedSubject: CompiledTemplate(texts.openedSubject), openedBody: CompiledTemplate(texts.openedBody),
                    repliedSubject: CompiledTemplate(texts.repliedSubject), repliedBody: CompiledTemplate(texts.repliedBody))
            )
        })

    static let english = NotificationTexts(
        answerSubject: "[#{{id}}] {{subject}}",
        answerBody: """
            {{author}} answered your ticket #{{id}} “{{subject}}”:

            {{message}}

            See the whole conversation and reply: {{link}}

            --\u{20}
            You get this email because you are on ticket #{{id}} at {{portal}}.
            Stop these emails: {{unsubscribe}}

            """,
        openedSubject: "[#{{id}}] New ticket: {{subject}}",
        openedBody: """
            {{author}} <{{email}}> opened ticket #{{id}} “{{subject}}”:

            {{message}}

            Open it in the agent inbox: {{link}}

            --\u{20}
            Stop these emails: {{unsubscribe}}

            """,
        repliedSubject: "[#{{id}}] Reply from {{author}}: {{subject}}",
        repliedBody: """
            {{author}} <{{email}}> replied on ticket #{{id}} “{{subject}}”:

            {{message}}

            Open it in the agent inbox: {{link}}

            --\u{20}
            Stop these emails: {{unsubscribe}}

            """)

    static let finnish = NotificationTexts(
        answerSubject: "[#{{id}}] {{subject}}",
        answerBody: """
            {{author}} vastasi tikettiisi #{{id}} ”{{subject}}”:

            {{message}}

            Koko keskustelu ja vastaaminen: {{link}}

            --\u{20}
            Saat tämän viestin, koska olet mukana tiketissä #{{id}} palvelussa {{portal}}.
            Lopeta näiden viestien tilaus: {{unsubscribe}}

            """,
        openedSubject: "[#{{id}}] Uusi tiketti: {{subject}}",
        openedBody: """
            {{author}} <{{email}}> avasi tiketin #{{id}} ”{{subject}}”:

            {{message}}

            Avaa se agenttinäkymässä: {{link}}

            --\u{20}
            Lopeta näiden viestien tilaus: {{unsubscribe}}

            """,
        repliedSubject: "[#{{id}}] {{author}} vastasi: {{subject}}",
        repliedBody: """
            {{author}} <{{email}}> vastasi tikettiin #{{id}} ”{{subject}}”:

            {{message}}

            Avaa se agenttinäkymässä: {{link}}

            --\u{20}
            Lopeta näiden viestien tilaus: {{unsubscribe}}

            """)

    static let german = NotificationTexts(
        answerSubject: "[#{{id}}] {{subject}}",
        answerBody: """
            {{author}} hat auf Ihr Ticket #{{id}} „{{subject}}“ geantwortet:

            {{message}}

            Zum ganzen Verlauf und zum Antworten: {{link}}

            --\u{20}
            Sie erhalten diese E-Mail, weil Sie am Ticket #{{id}} bei {{portal}} beteiligt sind.
            Diese E-Mails abbestellen: {{unsubscribe}}

            """,
        openedSubject: "[#{{id}}] Neues Ticket: {{subject}}",
        openedBody: """
            {{author}} <{{email}}> hat das Ticket #{{id}} „{{subject}}“ eröffnet:

            {{message}}

            Im Agenten-Posteingang öffnen: {{link}}

            --\u{20}
            Diese E-Mails abbestellen: {{unsubscribe}}

            """,
        repliedSubject: "[#{{id}}] Antwort von {{author}}: {{subject}}",
        repliedBody: """
            {{author}} <{{email}}> hat auf das Ticket #{{id}} „{{subject}}“ geantwortet:

            {{message}}

            Im Agenten-Posteingang öffnen: {{link}}

            --\u{20}
            Diese E-Mails abbestellen: {{unsubscribe}}

            """)
}
