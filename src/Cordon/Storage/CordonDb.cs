using Cordon.Audit;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Sharing;
using Cordon.Risk.Criteria;
using Cordon.Screening.Lists;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Storage;

/// <summary>
/// The one DbContext every feature uses directly (no repository layer over EF).
/// Each provider has its own subclass so that each keeps its own migration set.
/// </summary>
public abstract class CordonDb(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The clock of whoever opened the context: the server's registered <see cref="TimeProvider"/>, a job's clock,
    /// a test's fixed one. Operations that stamp a record read the time here, so every unit of work has one clock.
    /// </summary>
    public TimeProvider Clock
    {
        get => _clock ?? throw new InvalidOperationException("This context was opened without a clock: open it through StorageSetup.Open(settings, clock) or the registered services.");
        set => _clock = value;
    }

    private TimeProvider? _clock;

    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AgencyIdentityProvider> AgencyIdentityProviders => Set<AgencyIdentityProvider>();
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<SharingAgreement> SharingAgreements => Set<SharingAgreement>();
    public DbSet<SharingAgreementVersion> SharingAgreementVersions => Set<SharingAgreementVersion>();
    public DbSet<BreakGlassAccess> BreakGlassAccesses => Set<BreakGlassAccess>();
    public DbSet<RiskCriterion> RiskCriteria => Set<RiskCriterion>();
    public DbSet<RiskCriterionVersion> RiskCriterionVersions => Set<RiskCriterionVersion>();
    public DbSet<WatchList> WatchLists => Set<WatchList>();
    public DbSet<WatchListVersion> WatchListVersions => Set<WatchListVersion>();
    public DbSet<ListedEntity> ListedEntities => Set<ListedEntity>();
    public DbSet<ListEntryChange> ListEntryChanges => Set<ListEntryChange>();
    public DbSet<Screening.Hits.PartyHit> ScreeningHits => Set<Screening.Hits.PartyHit>();
    public DbSet<Screening.Hits.HitDismissal> ScreeningDismissals => Set<Screening.Hits.HitDismissal>();
    public DbSet<Screening.Hits.ScreeningBacklogEntry> ScreeningBacklog => Set<Screening.Hits.ScreeningBacklogEntry>();
    /// <summary>Cookie and antiforgery keys, shared by every server node and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditTreeNode> AuditTreeNodes => Set<AuditTreeNode>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<Declarations.Declaration> Declarations => Set<Declarations.Declaration>();
    public DbSet<Declarations.DeclarationItem> DeclarationItems => Set<Declarations.DeclarationItem>();
    public DbSet<Declarations.DeclarationVersion> DeclarationVersions => Set<Declarations.DeclarationVersion>();
    public DbSet<Declarations.InspectionOutcome> InspectionOutcomes => Set<Declarations.InspectionOutcome>();
    public DbSet<Declarations.PreArrivalConsignment> Consignments => Set<Declarations.PreArrivalConsignment>();
    public DbSet<Declarations.ConsignmentContainer> ConsignmentContainers => Set<Declarations.ConsignmentContainer>();
    public DbSet<Declarations.ConsignmentVersion> ConsignmentVersions => Set<Declarations.ConsignmentVersion>();
    public DbSet<Travellers.PassengerManifest> PassengerManifests => Set<Travellers.PassengerManifest>();
    public DbSet<Travellers.PassengerManifestVersion> PassengerManifestVersions => Set<Travellers.PassengerManifestVersion>();
    public DbSet<Travellers.Traveller> Travellers => Set<Travellers.Traveller>();
    public DbSet<Travellers.TravelDocument> TravelDocuments => Set<Travellers.TravelDocument>();
    public DbSet<Travellers.TravellerMask> TravellerMasks => Set<Travellers.TravellerMask>();
    public DbSet<Travellers.UnmaskAuthorisation> UnmaskAuthorisations => Set<Travellers.UnmaskAuthorisation>();
    public DbSet<Travellers.LostDocumentList> LostDocumentLists => Set<Travellers.LostDocumentList>();
    public DbSet<Travellers.LostDocumentListVersion> LostDocumentListVersions => Set<Travellers.LostDocumentListVersion>();
    public DbSet<Travellers.LostDocument> LostDocuments => Set<Travellers.LostDocument>();
    public DbSet<Travellers.BorderCrossing> BorderCrossings => Set<Travellers.BorderCrossing>();
    public DbSet<TradeMessages.OutboxMessage> TradeMessageOutbox => Set<TradeMessages.OutboxMessage>();
    public DbSet<TradeMessages.AnswerWebhook> AnswerWebhooks => Set<TradeMessages.AnswerWebhook>();
    public DbSet<Declarations.QuarantinedRecord> QuarantinedRecords => Set<Declarations.QuarantinedRecord>();
    public DbSet<Risk.Model.RiskModelRecord> RiskModels => Set<Risk.Model.RiskModelRecord>();
    public DbSet<Risk.Model.RiskModelWeek> RiskModelWeeks => Set<Risk.Model.RiskModelWeek>();
    public DbSet<Risk.Lanes.LaneDecision> LaneDecisions => Set<Risk.Lanes.LaneDecision>();
    public DbSet<Risk.Lanes.OfficeCapacity> OfficeCapacities => Set<Risk.Lanes.OfficeCapacity>();
    public DbSet<Cases.Inspection> Inspections => Set<Cases.Inspection>();
    public DbSet<Cases.DeclarationRelease> DeclarationReleases => Set<Cases.DeclarationRelease>();
    public DbSet<Cases.Seizure> Seizures => Set<Cases.Seizure>();
    public DbSet<Cases.SeizureAttachment> SeizureAttachments => Set<Cases.SeizureAttachment>();
    public DbSet<Cases.EvidenceBlob> EvidenceBlobs => Set<Cases.EvidenceBlob>();
    public DbSet<Cases.CustodyEvent> CustodyEvents => Set<Cases.CustodyEvent>();
    public DbSet<Cases.CustodyPost> CustodyPosts => Set<Cases.CustodyPost>();
    public DbSet<Cases.CustodyPostHolder> CustodyPostHolders => Set<Cases.CustodyPostHolder>();
    public DbSet<Cases.LegalStep> LegalSteps => Set<Cases.LegalStep>();
    public DbSet<Cases.Case> Cases => Set<Cases.Case>();
    public DbSet<Cases.CasePerson> CasePersons => Set<Cases.CasePerson>();
    public DbSet<Cases.CaseNote> CaseNotes => Set<Cases.CaseNote>();
    public DbSet<Cases.CaseTask> CaseTasks => Set<Cases.CaseTask>();
    public DbSet<Cases.Penalty> Penalties => Set<Cases.Penalty>();
    public DbSet<Cases.SecurityBond> SecurityBonds => Set<Cases.SecurityBond>();
    public DbSet<Operations.Operation> Operations => Set<Operations.Operation>();
    public DbSet<Operations.Qualification> Qualifications => Set<Operations.Qualification>();
    public DbSet<Resources.Asset> Assets => Set<Resources.Asset>();
    public DbSet<Resources.AssetChange> AssetChanges => Set<Resources.AssetChange>();
    public DbSet<Resources.PatrolKind> PatrolKinds => Set<Resources.PatrolKind>();
    public DbSet<Resources.WorkOrder> WorkOrders => Set<Resources.WorkOrder>();
    public DbSet<Resources.InsurancePolicy> InsurancePolicies => Set<Resources.InsurancePolicy>();
    public DbSet<Resources.Claim> Claims => Set<Resources.Claim>();
    public DbSet<Operations.Patrol> Patrols => Set<Operations.Patrol>();
    public DbSet<Operations.TrainingSession> TrainingSessions => Set<Operations.TrainingSession>();
    public DbSet<Operations.PatrolAssignment> PatrolAssignments => Set<Operations.PatrolAssignment>();
    public DbSet<Operations.PatrolAssetBooking> PatrolAssetBookings => Set<Operations.PatrolAssetBooking>();
    public DbSet<Operations.Incident> Incidents => Set<Operations.Incident>();
    public DbSet<Operations.BorderSection> BorderSections => Set<Operations.BorderSection>();
    public DbSet<Operations.BorderSectionVersion> BorderSectionVersions => Set<Operations.BorderSectionVersion>();
    public DbSet<Operations.IncidentUpdate> IncidentUpdates => Set<Operations.IncidentUpdate>();
    public DbSet<Operations.IncidentTask> IncidentTasks => Set<Operations.IncidentTask>();
    public DbSet<Operations.ResponsePlan> ResponsePlans => Set<Operations.ResponsePlan>();
    public DbSet<Operations.Detections.SensorDetection> SensorDetections => Set<Operations.Detections.SensorDetection>();
    public DbSet<Operations.Detections.SensorTrack> SensorTracks => Set<Operations.Detections.SensorTrack>();
    public DbSet<Operations.Detections.SensorFeedVersion> SensorFeedVersions => Set<Operations.Detections.SensorFeedVersion>();
    public DbSet<Operations.Detections.WatchedArea> WatchedAreas => Set<Operations.Detections.WatchedArea>();
    public DbSet<Operations.Detections.RejectedSensorMessage> RejectedSensorMessages => Set<Operations.Detections.RejectedSensorMessage>();
    public DbSet<Alerting.Alert> Alerts => Set<Alerting.Alert>();
    public DbSet<Alerting.AlertSubscription> AlertSubscriptions => Set<Alerting.AlertSubscription>();
    public DbSet<Alerting.AlertDelivery> AlertDeliveries => Set<Alerting.AlertDelivery>();
    public DbSet<Alerting.AlertRead> AlertReads => Set<Alerting.AlertRead>();
    public DbSet<Alerting.AlertCondition> AlertConditions => Set<Alerting.AlertCondition>();
    public DbSet<Federation.FederationPartner> FederationPartners => Set<Federation.FederationPartner>();
    public DbSet<Federation.FederationInbound> FederationInbound => Set<Federation.FederationInbound>();
    public DbSet<Federation.FederationAgency> FederationAgencies => Set<Federation.FederationAgency>();
    public DbSet<Federation.FederationOutboxItem> FederationOutbox => Set<Federation.FederationOutboxItem>();
    public DbSet<Federation.FederationSent> FederationSent => Set<Federation.FederationSent>();
    public DbSet<Federation.FederationAgreementLink> FederationAgreementLinks => Set<Federation.FederationAgreementLink>();
    public DbSet<Federation.FederationCopy> FederationCopies => Set<Federation.FederationCopy>();
    public DbSet<Federation.FederationWitness> FederationWitnesses => Set<Federation.FederationWitness>();
    public DbSet<Procedures.Procedure> Procedures => Set<Procedures.Procedure>();
    public DbSet<Procedures.ProcedureVersion> ProcedureVersions => Set<Procedures.ProcedureVersion>();
    public DbSet<Procedures.ProcedureAcknowledgment> ProcedureAcknowledgments => Set<Procedures.ProcedureAcknowledgment>();
    public DbSet<Risk.Measures.Measure> Measures => Set<Risk.Measures.Measure>();
    public DbSet<Risk.Measures.MeasureReview> MeasureReviews => Set<Risk.Measures.MeasureReview>();
    public DbSet<Exercises.Exercise> Exercises => Set<Exercises.Exercise>();
    public DbSet<Exercises.ExerciseGroup> ExerciseGroups => Set<Exercises.ExerciseGroup>();
    public DbSet<Exercises.ExerciseParticipant> ExerciseParticipants => Set<Exercises.ExerciseParticipant>();
    public DbSet<Exercises.ExerciseInject> ExerciseInjects => Set<Exercises.ExerciseInject>();
    public DbSet<Exercises.ExerciseLesson> ExerciseLessons => Set<Exercises.ExerciseLesson>();
    public DbSet<Messaging.Channel> Channels => Set<Messaging.Channel>();
    public DbSet<Messaging.ChannelMember> ChannelMembers => Set<Messaging.ChannelMember>();
    public DbSet<Messaging.ChannelMessage> ChannelMessages => Set<Messaging.ChannelMessage>();
    public DbSet<Messaging.ChannelMessageVersion> ChannelMessageVersions => Set<Messaging.ChannelMessageVersion>();
    public DbSet<Messaging.ChannelAttachment> ChannelAttachments => Set<Messaging.ChannelAttachment>();
    public DbSet<Messaging.MessageReceipt> MessageReceipts => Set<Messaging.MessageReceipt>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Who acts through this context: the request's user or API key (set by the server per request), the
    /// CLI's local operator. The entries the storage layer writes itself name them; null means Cordon itself.
    /// </summary>
    public AuditActor? Actor { get; set; }

    /// <summary>The primary's and the standby's connection strings, when read-only work may go to a standby.</summary>
    internal (string Primary, string Replica)? Connections { get; set; }

    /// <summary>Whether this context's queries go to the standby now (<see cref="ReplicaReads"/>).</summary>
    public bool OnReplica { get; private set; }

    /// <summary>Sends this context's queries to the configured standby; without one, nothing changes.</summary>
    public void ReadFromReplica()
    {
        if (Connections is not { } c || OnReplica || Database.CurrentTransaction is not null
            || Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            return;
        }
        Database.SetConnectionString(c.Replica);
        OnReplica = true;
    }

    /// <summary>Before any write: a context reading from the standby writes to the primary.</summary>
    public void BackToPrimary()
    {
        if (!OnReplica || Connections is not { } c)
        {
            return;
        }
        if (Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            throw new InvalidOperationException("A write while a read from the standby is still open: finish reading first (the write must go to the primary).");
        }
        Database.SetConnectionString(c.Primary);
        OnReplica = false;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BackToPrimary();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BackToPrimary();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // Audit entries queued with AuditLog.Append, and those the store writes for every audited change, are written
    // by the same SaveChanges as the change; reads of other agencies' records are noted as they load; a change a
    // partner installation may receive wakes the federation worker (after the audit's own commit).
    // Live-map changes are published to the server's viewers once they commit.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(ColumnLimits.Instance, AuditAppender.Instance, ForeignReads.Instance, Federation.FederationWakeUp.Instance, Cordon.Operations.LiveMapChanges.Instance);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Each feature keeps its entity configuration beside its entities.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CordonDb).Assembly);
    }
}

public sealed class SqliteCordonDb(DbContextOptions<SqliteCordonDb> options) : CordonDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset or decimal columns in SQL; store instants as
        // UTC ticks (ordering preserved) and amounts as REAL (15 significant digits cover customs values).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresCordonDb(DbContextOptions<PostgresCordonDb> options) : CordonDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // DateTime holds local times at a place (a flight's scheduled departure), never instants: no zone.
        configurationBuilder.Properties<DateTime>().HaveColumnType("timestamp without time zone");
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
