import Foundation

/// The ticket rules both the portal and the agent side go through: validation with reason codes,
/// visibility for contacts, reopening, stage changes within the ticket's pipeline.
public struct TicketService: Sendable {
    public let repository: any TicketRepository
    public let settings: TicketSettings
    public let clock: any Clock
    /// Who hears of what by email; its emails are queued in the transaction of the write they tell of.
    public let notifier: any TicketNotifier

    public init(repository: any TicketRepository, settings: TicketSettings, clock: any Clock, notifier: any TicketNotifier = SilentTicketNotifier()) {
        self.repository = repository
        self.settings = settings
        self.clock = clock
        self.notifier = notifier
    }

    public func visibility(for contact: Contact) -> TicketVisibility {
        TicketVisibility(contactID: contact.id, filter: settings.portalFilter)
    }

    // MARK: Customers

    public func tickets(of contact: Contact, query: TicketQuery) async throws -> TicketPage {
        try await repository.customerTickets(visibility(for: contact), query: query)
    }

    /// The ticket as the contact may see it; a ticket they may not see throws `ticket.not_found`, like a missing one.
    public func ticket(_ id: Ticket.ID, for contact: Contact) async throws -> TicketConversation {
        guard let conversation = try await repository.customerTicket(id, visibility: visibility(for: contact)) else {
            throw Self.rejection(Reasons.ticketNotFound, "ticket \(id) does not exist or is not visible to contact \(contact.id)")
        }
        return conversation
    }

    /// A ticket filed through the support form; refused with the first of ``formProblems(subject:body:category:priority:)``.
    /// `language` is the page's, kept for the emails the contact gets about it.
    public func fileTicket(
        subject rawSubject: String, body rawBody: String, category: String?, priority rawPriority: String?, by contact: Contact,
        language: String? = nil
    ) async throws -> Result<Ticket, Rejection> {
        if let problem = formProblems(subject: rawSubject, body: rawBody, category: category, priority: rawPriority).first {
            return .failure(problem)
        }
        guard let pipeline = settings.pipeline(named: settings.portalPipeline) else {
            return .failure(Self.rejection(Reasons.unavailable, "tickets.portal_pipeline names no pipeline"))
        }
        // Both were checked above: an unknown category or priority is refused, an empty one means none.
        let priority = settings.askPriority ? rawPriority.flatMap(TicketPriority.init(rawValue:)) : nil
        let subject = Self.cleanSubject(rawSubject)
        let ticket = try await repository.openTicket(
            NewTicket(
                subject: subject, body: Self.normalizedBody(rawBody), contact: contact, pipeline: pipeline.name,
                stage: pipeline.initialStage, priority: priority, category: category.flatMap { $0.isEmpty ? nil : $0 }, at: clock.now,
                mail: try await notifier.mail(for: .opened(subject: subject, by: contact), authorLanguage: language)))
        return .success(ticket)
    }

    /// Every problem with a support form at once (the form shows them together); empty when
    /// ``fileTicket(subject:body:category:priority:by:)`` would accept it.
    public func formProblems(subject rawSubject: String, body rawBody: String, category: String?, priority rawPriority: String?) -> [Rejection] {
        var problems: [Rejection] = []
        if let problem = Self.subjectProblem(rawSubject) { problems.append(problem) }
        if let problem = Self.bodyProblem(rawBody) { problems.append(problem) }
        if let category, !category.isEmpty, !settings.categories.contains(category) {
            problems.append(Self.rejection(Reasons.ticketCategoryInvalid, "unknown category"))
        }
        if settings.askPriority, let rawPriority, !rawPriority.isEmpty, TicketPriority(rawValue: rawPriority) == nil {
            problems.append(Self.rejection(Reasons.ticketPriorityInvalid, "unknown priority"))
        }
        return problems
    }

    /// A contact's reply on their ticket: a public message; reopens a closed ticket when configured.
    /// `language` is the page's, kept for the emails the contact gets.
    public func reply(to id: Ticket.ID, body rawBody: String, by contact: Contact, language: String? = nil) async throws -> Result<
        TicketMessage, Rejection
    > {
        let conversation = try await ticket(id, for: contact)
        if let problem = Self.bodyProblem(rawBody) { return .failure(problem) }
        var reopen: TicketPipeline.Stage?
        if settings.reopenOnCustomerReply, conversation.ticket.status == .closed,
            let pipeline = settings.pipeline(named: conversation.ticket.pipeline)
        {
            reopen = pipeline.reopenStage
        }
        let message = try await repository.appendMessage(
            NewTicketMessage(
                ticketID: id, author: .contact(contact.id, name: contact.name), kind: .publicMessage, body: Self.normalizedBody(rawBody),
                newStage: reopen, at: clock.now,
                mail: try await notifier.mail(for: .customerReplied(conversation.ticket, by: contact), authorLanguage: language)))
        return .success(message)
    }

    // MARK: Agents

    /// A ticket a help-desk integration opens for a contact (the JSON API): any priority, any pipeline
    /// (its first stage), a free category; the first message is the contact's.
    public func openTicket(
        subject rawSubject: String, body rawBody: String, category: String?, priority: TicketPriority?, pipeline pipelineName: String?,
        for contact: Contact
    ) async throws -> Result<Ticket, Rejection> {
        if let problem = Self.subjectProblem(rawSubject) ?? Self.bodyProblem(rawBody) { return .failure(problem) }
        let category = category.map(Self.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        if let category, category.count > 100 { return .failure(Self.rejection(Reasons.ticketCategoryInvalid, "category over 100 characters")) }
        guard let pipeline = settings.pipeline(named: pipelineName ?? settings.portalPipeline) else {
            return .failure(Self.rejection(Reasons.ticketPipelineInvalid, "no pipeline \((pipelineName ?? "").prefix(40))"))
        }
        let subject = Self.cleanSubject(rawSubject)
        return .success(
            try await repository.openTicket(
                NewTicket(
                    subject: subject, body: Self.normalizedBody(rawBody), contact: contact, pipeline: pipeline.name,
                    stage: pipeline.initialStage, priority: priority, category: category, at: clock.now,
                    mail: try await notifier.mail(for: .opened(subject: subject, by: contact), authorLanguage: nil))))
    }

    public func agentTicket(_ id: Ticket.ID) async throws -> TicketConversation {
        guard let conversation = try await repository.agentTicket(id) else {
            throw Self.rejection(Reasons.ticketNotFound, "ticket \(id) does not exist")
        }
        return conversation
    }

    /// An agent's message: a public answer tells every contact on the ticket by email, an internal note nobody.
    public func agentReply(to id: Ticket.ID, body rawBody: String, kind: TicketMessage.Kind, author: TicketMessage.Author)
        async throws -> Result<TicketMessage, Rejection>
    {
        let conversation = try await agentTicket(id)
        if let problem = Self.bodyProblem(rawBody) { return .failure(problem) }
        let mail = kind == .publicMessage ? try await notifier.mail(for: .agentAnswered(conversation, by: author), authorLanguage: nil) : .none
        return .success(
            try await repository.appendMessage(
                NewTicketMessage(ticketID: id, author: author, kind: kind, body: Self.normalizedBody(rawBody), at: clock.now, mail: mail)))
    }

    public func setStage(of id: Ticket.ID, to stageName: String) async throws -> Result<Ticket, Rejection> {
        let conversation = try await agentTicket(id)
        guard let stage = settings.pipeline(named: conversation.ticket.pipeline)?.stage(named: stageName) else {
            return .failure(
                Self.rejection(Reasons.ticketStageInvalid, "pipeline \(conversation.ticket.pipeline) has no stage \(stageName.prefix(40))"))
        }
        try await repository.setStage(id, stage: stage, at: clock.now)
        return .success(try await agentTicket(id).ticket)
    }

    // MARK: Rules

    /// Why a subject is refused: nothing left once cleaned, or over the length limit.
    public static func subjectProblem(_ subject: String) -> Rejection? {
        let cleaned = cleanSubject(subject)
        if cleaned.isEmpty { return rejection(Reasons.ticketSubjectMissing, "empty subject") }
        if cleaned.count > TicketSettings.subjectMaximum {
            return rejection(Reasons.ticketSubjectTooLong, "subject over \(TicketSettings.subjectMaximum) characters")
        }
        return nil
    }

    /// Why a message body is refused: nothing left once normalised (whitespace or control characters
    /// only, which would store an empty message), or over the length limit.
    public static func bodyProblem(_ body: String) -> Rejection? {
        if normalizedBody(body).isEmpty { return rejection(Reasons.ticketMessageEmpty, "whitespace or control characters only") }
        if body.count > TicketSettings.bodyMaximum { return rejection(Reasons.ticketMessageTooLong, "over \(TicketSettings.bodyMaximum) characters") }
        return nil
    }

    /// Line endings unified, trailing whitespace removed, control characters other than newline and tab dropped.
    static func normalizedBody(_ body: String) -> String {
        let unified = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let cleaned = String(
            String.UnicodeScalarView(
                unified.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || $0.properties.generalCategory != .control }))
        return trimmed(cleaned)
    }

    /// A subject is one line: line breaks and tabs become spaces, other control characters go.
    static func cleanSubject(_ subject: String) -> String {
        let scalars = subject.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
            let category = scalar.properties.generalCategory
            guard category == .control || category == .lineSeparator || category == .paragraphSeparator else { return scalar }
            return scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" ? " " : nil
        }
        return trimmed(String(String.UnicodeScalarView(scalars)))
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func rejection(_ code: ReasonCode, _ detail: String) -> Rejection {
        Rejection(code: code, summary: Reasons.summary(of: code), detail: detail)
    }
}
