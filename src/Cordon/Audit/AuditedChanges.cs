using Cordon.Identity;
using Cordon.Sharing;

namespace Cordon.Audit;

/// <summary>How the storage layer audits changes to one entity type.</summary>
public enum ChangeAuditKind
{
    /// <summary>An owned record: each change is an entry naming the record and the fields changed (not their values, which may be personal).</summary>
    Record,
    /// <summary>An administrative entity (agreements, criteria, users, keys, subscriptions, lists, models, installations): the entry carries before and after values, secrets excepted.</summary>
    Administrative,
    /// <summary>Not audited as a change: <see cref="AuditedType.Reason"/> says why.</summary>
    Exempt,
}

/// <summary>One entity type's audit rule: its name in the log, its kind, and the agency whose review the entry belongs to.</summary>
public sealed record AuditedType(string RecordType, ChangeAuditKind Kind, Func<object, Guid?>? Agency = null, string? Reason = null);

/// <summary>
/// Every entity type of the store and how a change to it is audited. <see cref="ChangeAudit"/> reads this
/// table on every SaveChanges, so a feature that saves through the DbContext is audited without writing an
/// entry itself; a test fails when an entity type of the model is missing here, so a new table is a
/// decision, not an omission.
/// </summary>
public static class AuditedChanges
{
    private static AuditedType Record(string type) => new(type, ChangeAuditKind.Record);
    private static AuditedType Admin<T>(string type, Func<T, Guid?> agency) => new(type, ChangeAuditKind.Administrative, o => agency((T)o));
    private static AuditedType Exempt(string reason) => new("-", ChangeAuditKind.Exempt, Reason: reason);

    public static readonly IReadOnlyDictionary<Type, AuditedType> ByType = new Dictionary<Type, AuditedType>
    {
        // Administrative entities: before/after values.
        [typeof(Agency)] = Admin<Agency>("agency", a => a.Id),
        [typeof(User)] = Admin<User>("user", u => u.AgencyId),
        [typeof(ApiKey)] = Admin<ApiKey>("api-key", k => k.AgencyId),
        [typeof(AgencyIdentityProvider)] = Admin<AgencyIdentityProvider>("identity-provider", p => p.AgencyId),
        [typeof(SharingAgreement)] = Admin<SharingAgreement>("agreement", a => a.ProviderAgencyId),
        [typeof(Risk.Criteria.RiskCriterion)] = Admin<Risk.Criteria.RiskCriterion>("risk-criterion", c => c.OwningAgencyId),
        // A measure's history is its audited changes, each with the values before and after.
        [typeof(Risk.Measures.Measure)] = Admin<Risk.Measures.Measure>(RecordTypes.Measure, m => m.OwningAgencyId),
        // An exercise's record (created, started, finished) with the values before and after.
        [typeof(Exercises.Exercise)] = Admin<Exercises.Exercise>(RecordTypes.Exercise, e => e.OwningAgencyId),
        [typeof(Screening.Lists.WatchList)] = Admin<Screening.Lists.WatchList>("watch-list", l => l.OwningAgencyId),
        [typeof(Risk.Model.RiskModelRecord)] = Admin<Risk.Model.RiskModelRecord>("risk-model", m => m.OwningAgencyId),
        [typeof(Risk.Lanes.OfficeCapacity)] = Admin<Risk.Lanes.OfficeCapacity>("office-capacity", c => c.OwningAgencyId),
        [typeof(Alerting.AlertSubscription)] = Admin<Alerting.AlertSubscription>("alert-subscription", s => s.AgencyId),
        [typeof(Alerting.AlertCondition)] = Admin<Alerting.AlertCondition>("alert-condition", c => c.OwningAgencyId),
        [typeof(Federation.FederationPartner)] = Admin<Federation.FederationPartner>("federation-partner", _ => null),
        [typeof(Federation.FederationAgency)] = Admin<Federation.FederationAgency>("federation-agency", a => a.AgencyId),
        [typeof(Federation.FederationAgreementLink)] = Admin<Federation.FederationAgreementLink>("federation-agreement", _ => null),
        [typeof(BreakGlassAccess)] = Admin<BreakGlassAccess>("break-glass", b => b.OwningAgencyId),
        [typeof(Operations.Detections.WatchedArea)] = Admin<Operations.Detections.WatchedArea>("watched-area", a => a.OwningAgencyId),
        [typeof(Operations.ResponsePlan)] = Admin<Operations.ResponsePlan>("response-plan", p => p.OwningAgencyId),
        [typeof(Cases.CustodyPost)] = Admin<Cases.CustodyPost>("custody-post", p => p.AgencyId),
        [typeof(Travellers.LostDocumentList)] = Admin<Travellers.LostDocumentList>("lost-document-list", l => l.OwningAgencyId),
        [typeof(Travellers.UnmaskAuthorisation)] = Admin<Travellers.UnmaskAuthorisation>("traveller-unmask-authorisation", a => a.OwningAgencyId),
        [typeof(TradeMessages.AnswerWebhook)] = Admin<TradeMessages.AnswerWebhook>("trade-answer-webhook", w => w.OwningAgencyId),

        // Owned records: which fields changed.
        [typeof(Declarations.Declaration)] = Record(RecordTypes.Declaration),
        [typeof(Declarations.InspectionOutcome)] = Record("inspection-outcome"),
        [typeof(Declarations.PreArrivalConsignment)] = Record(RecordTypes.Consignment),
        [typeof(Declarations.QuarantinedRecord)] = Record("quarantined-record"),
        [typeof(TradeMessages.OutboxMessage)] = Record("trade-message-answer"),
        [typeof(Screening.Hits.PartyHit)] = Record(RecordTypes.ScreeningHit),
        [typeof(Screening.Hits.HitDismissal)] = Record("hit-dismissal"),
        [typeof(Screening.Lists.WatchListVersion)] = Record("watch-list-version"),
        [typeof(Screening.Lists.ListedEntity)] = Record("listed-entity"),
        [typeof(Screening.Lists.ListEntryChange)] = Record("list-entry-change"),
        [typeof(Risk.Lanes.LaneDecision)] = Record(RecordTypes.LaneDecision),
        [typeof(Risk.Model.RiskModelWeek)] = Record("risk-model-week"),
        [typeof(Cases.Inspection)] = Record(RecordTypes.Inspection),
        [typeof(Cases.DeclarationRelease)] = Record("declaration-release"),
        [typeof(Cases.Seizure)] = Record(RecordTypes.Seizure),
        [typeof(Cases.Case)] = Record(RecordTypes.Case),
        [typeof(Cases.Penalty)] = Record("penalty"),
        [typeof(Cases.SecurityBond)] = Record("security-bond"),
        [typeof(Operations.Operation)] = Record(RecordTypes.Operation),
        [typeof(Operations.Qualification)] = Record(RecordTypes.Qualification),
        [typeof(Resources.Asset)] = Record(RecordTypes.Asset),
        [typeof(Resources.AssetChange)] = Record("asset-change"),
        [typeof(Resources.PatrolKind)] = Admin<Resources.PatrolKind>("patrol-kind", k => k.OwningAgencyId),
        [typeof(Resources.WorkOrder)] = Record("work-order"),
        [typeof(Resources.InsurancePolicy)] = Record("insurance-policy"),
        [typeof(Resources.Claim)] = Record("claim"),
        [typeof(Operations.Patrol)] = Record(RecordTypes.Patrol),
        [typeof(Operations.TrainingSession)] = Record("training-session"),
        [typeof(Operations.Incident)] = Record(RecordTypes.Incident),
        [typeof(Operations.BorderSection)] = Record("border-section"),
        [typeof(Operations.Detections.SensorDetection)] = Record("sensor-detection"),
        [typeof(Operations.Detections.SensorTrack)] = Record(RecordTypes.SensorTrack),
        [typeof(Operations.Detections.SensorFeedVersion)] = Record("sensor-feed-version"),
        [typeof(Operations.Detections.RejectedSensorMessage)] = Record("rejected-sensor-message"),
        [typeof(Alerting.Alert)] = Record(RecordTypes.Alert),
        [typeof(Federation.FederationCopy)] = Record("federation-copy"),
        [typeof(Travellers.PassengerManifest)] = Record("passenger-manifest"),
        [typeof(Travellers.BorderCrossing)] = Record("border-crossing"),
        [typeof(Procedures.Procedure)] = Record(RecordTypes.Procedure),
        [typeof(Messaging.Channel)] = Record("channel"),
        [typeof(Messaging.ChannelMessage)] = Record(RecordTypes.Message),

        // Exempt, each for a reason.
        [typeof(AuditEntry)] = Exempt("the log itself"),
        [typeof(AuditTreeNode)] = Exempt("the log's own hashes"),
        [typeof(AuditCheckpoint)] = Exempt("the log's signed checkpoints"),
        [typeof(Jobs.Job)] = Exempt("progress of background work; the operation that queues a job is audited"),
        [typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)] = Exempt("cookie keys: secrets, rotated by the framework"),
        [typeof(SharingAgreementVersion)] = Exempt("a snapshot written with its agreement, whose change is audited"),
        [typeof(Risk.Criteria.RiskCriterionVersion)] = Exempt("a snapshot written with its criterion, whose change is audited"),
        [typeof(Screening.Hits.ScreeningBacklogEntry)] = Exempt("a work queue of records to screen"),
        [typeof(Declarations.DeclarationItem)] = Exempt("part of its declaration, whose change is audited"),
        [typeof(Declarations.DeclarationVersion)] = Exempt("a snapshot written with its declaration"),
        [typeof(Declarations.ConsignmentContainer)] = Exempt("part of its consignment, whose change is audited"),
        [typeof(Declarations.ConsignmentVersion)] = Exempt("a snapshot written with its consignment"),
        [typeof(Cases.SeizureAttachment)] = Exempt("attached by an operation that writes seizure.attach"),
        [typeof(Cases.EvidenceBlob)] = Exempt("content-addressed bytes of an attachment"),
        [typeof(Cases.CustodyEvent)] = Exempt("a hash-linked custody chain, each event audited by its operation (custody.*)"),
        [typeof(Cases.LegalStep)] = Exempt("each legal step is audited by its operation (seizure.legal.*)"),
        [typeof(Cases.CasePerson)] = Exempt("part of its case, whose change is audited"),
        [typeof(Cases.CaseNote)] = Exempt("audited by its operation (case.note)"),
        [typeof(Cases.CaseTask)] = Exempt("part of its case; completion audited by its operation (case.task.done)"),
        [typeof(Operations.PatrolAssignment)] = Exempt("part of its patrol, whose change is audited"),
        [typeof(Operations.PatrolAssetBooking)] = Exempt("part of its patrol, whose change is audited"),
        [typeof(Operations.IncidentUpdate)] = Exempt("part of its incident; audited by its operation (incident.update)"),
        [typeof(Operations.IncidentTask)] = Exempt("part of its incident; audited by its operation (incident.step)"),
        [typeof(Alerting.AlertDelivery)] = Exempt("delivery attempts, audited by the worker (alert.deliver, alert.dead-letter)"),
        [typeof(Alerting.AlertRead)] = Exempt("a user's read mark on an alert: their own inbox state"),
        [typeof(Operations.BorderSectionVersion)] = Exempt("a snapshot of a level written with its border section, whose change is audited"),
        [typeof(Exercises.ExerciseGroup)] = Exempt("part of its exercise, whose creation and start are audited"),
        [typeof(Exercises.ExerciseParticipant)] = Exempt("part of its exercise, whose creation is audited"),
        [typeof(Exercises.ExerciseInject)] = Exempt("the scenario's injects, audited with their exercise; what each plays is audited by its own operation"),
        [typeof(Exercises.ExerciseLesson)] = Exempt("audited by its operation (exercise.lesson)"),
        [typeof(Procedures.ProcedureVersion)] = Exempt("a text of its procedure; drafting and approval audited by their operations (procedure.draft, procedure.approve)"),
        [typeof(Risk.Measures.MeasureReview)] = Exempt("a review of its measure, audited by its operation (measure.review)"),
        [typeof(Procedures.ProcedureAcknowledgment)] = Exempt("a user's confirmation, audited by its operation (procedure.acknowledge)"),
        [typeof(Federation.FederationInbound)] = Exempt("received messages, audited on receipt (federation.receive)"),
        [typeof(Federation.FederationOutboxItem)] = Exempt("messages waiting to be sent, audited when sent (federation.send)"),
        [typeof(Federation.FederationSent)] = Exempt("the sender's record of versions sent"),
        [typeof(Cases.CustodyPostHolder)] = Exempt("part of its custody post, whose change is audited with the holders before and after"),
        [typeof(Travellers.PassengerManifestVersion)] = Exempt("a snapshot written with its passenger list"),
        [typeof(Travellers.Traveller)] = Exempt("part of its passenger list, whose arrival or replacement is audited with counts (travellers.manifest.*), never with who was on it"),
        [typeof(Travellers.LostDocumentListVersion)] = Exempt("a snapshot written with its list's import (travellers.lost-documents.import, with counts)"),
        [typeof(Travellers.LostDocument)] = Exempt("entries of a list edition, written by its import (travellers.lost-documents.import, with counts)"),
        [typeof(Travellers.TravelDocument)] = Exempt("part of its traveller, written with the passenger list"),
        [typeof(Travellers.TravellerMask)] = Exempt("a masked traveller's sealed originals, written by retention (travellers.retention, with counts and ids); every unmasking is audited as travellers.unmask"),
        [typeof(Federation.FederationWitness)] = Exempt("witnessed checkpoints, audited by the witness (federation.witness)"),
        [typeof(Messaging.ChannelMember)] = Exempt("membership rows, each change audited by its operation (channel.member.join, .add, .remove, .leave)"),
        [typeof(Messaging.ChannelMessageVersion)] = Exempt("an earlier version kept with its message, whose edit is audited"),
        [typeof(Messaging.MessageReceipt)] = Exempt("a user's read mark on a message: their own inbox state"),
        [typeof(Messaging.ChannelAttachment)] = Exempt("a message's sealed file, written and deleted with its message, whose post and deletion are audited"),
    };

    /// <summary>
    /// Set-based writes (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>) bypass the change tracker, so the store cannot audit
    /// them: each table written that way is listed here with who audits the write instead, or why it needs no entry.
    /// A test finds every such call in the source and fails on a table not listed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SetBasedWrites = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Alerts"] = "the dispatcher's lease (ClaimedUntil): no content changes; each delivery is audited (alert.deliver); a masked or deleted traveller's alerts by retention (travellers.retention)",
        ["AlertDeliveries"] = "retry of dead letters (audited by alert.retry) and the webhook sender's lease; a masked or deleted traveller's deliveries by retention (travellers.retention)",
        ["Travellers"] = "a manifest's earlier version replaced by the next one: the intake writes its import entry with counts and hash; retention's deletion: one travellers.retention entry per agency with counts and ids",
        ["TravelDocuments"] = "deleted with their traveller by retention (travellers.retention, counts and ids)",
        ["TravellerMasks"] = "deleted with their traveller by retention (travellers.retention, counts and ids)",
        ["UnmaskAuthorisations"] = "deleted with the traveller or list they name by retention (travellers.retention); each was audited when recorded",
        ["PassengerManifests"] = "a list deleted by retention once none of its travellers is left (travellers.retention, manifestsDeleted)",
        ["PassengerManifestVersions"] = "a list's received content erased, then deleted, by retention (travellers.retention, listContentsErased and manifestsDeleted)",
        ["ScreeningDismissals"] = "the dismissals of a deleted traveller's hits, deleted with them by retention (travellers.retention)",
        ["ScreeningBacklog"] = "a deleted traveller's screening queue entries, deleted by retention (travellers.retention)",
        ["AlertReads"] = "read marks of a deleted traveller's alerts, deleted by retention (travellers.retention)",
        ["CasePersons"] = "a case person's link to a traveller deleted by retention cleared (travellers.retention); the person stays in the case",
        ["Users"] = "sign-in counters, lockout, second-factor steps and security stamps: audited as sign-in events (sign-in, sign-in.fail, sign-out, user.*)",
        ["Jobs"] = "claims, heartbeats and progress of background work; the operation that queues a job is audited",
        ["QuarantinedRecords"] = "staging rows resolved by a correction, audited by the intake entry the correction writes",
        ["SensorFeedVersions"] = "a sensor feed's optimistic version counter (which batch comes next), not a record",
        ["ListedEntities"] = "entries removed by a list import, audited by its watch-list.import entry (counts and file hash)",
        ["ScreeningHits"] = "hits closed when their entry leaves a list: one screening-hit.close entry per owning agency with the count; a masked or deleted traveller's hits by retention (travellers.retention)",
        ["RiskModels"] = "activation and promotion, audited by risk.model.activate and risk.model.retrain",
        ["AnswerWebhooks"] = "a sender's webhook's delivery cursor, lease and retry state: each answer is audited when written (trade-message-answer); registration and removal go through the change tracker",
        ["Channels"] = "a channel key re-wrapped by a server key rotation (one channel.keys.rotate entry with counts and key ids, never key material) and retention's purge mark (channel.purge)",
        ["ChannelMessages"] = "deleted by retention when their channel's time is up: one channel.purge entry per channel with the counts; every post, edit and read stays in the log",
        ["ChannelMessageVersions"] = "deleted by retention with their message (counted in channel.purge)",
        ["MessageReceipts"] = "deleted by retention with their message (counted in channel.purge)",
        ["ChannelAttachments"] = "deleted by retention with their message (counted in channel.purge)",
        ["ExerciseInjects"] = "an inject claimed and marked played by the exercise runner; what it plays is audited by its own operation (incident.report, alert.raise, the sensor feed's intake)",
        ["RiskModelWeeks"] = "weekly statistics recomputed from a model's scores: derived, not a record",
    };

    /// <summary>Text or bytes whose values never enter the log (only that they changed): hashes, secrets, passwords, keys, tokens, security stamps.</summary>
    public static bool IsSecret(string property, Type type)
        => (type == typeof(string) || type == typeof(byte[])) && (property.Contains("Hash", StringComparison.Ordinal) || property.Contains("Secret", StringComparison.Ordinal)
           || property.Contains("Password", StringComparison.Ordinal) || property.Contains("Key", StringComparison.Ordinal)
           || property.Contains("Token", StringComparison.Ordinal) || property.Contains("Stamp", StringComparison.Ordinal));
}
