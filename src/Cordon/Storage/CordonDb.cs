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
    public DbSet<Agency> Agencies => Set<Agency>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
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
    public DbSet<Declarations.QuarantinedRecord> QuarantinedRecords => Set<Declarations.QuarantinedRecord>();
    public DbSet<Alerting.Alert> Alerts => Set<Alerting.Alert>();
    public DbSet<Alerting.AlertSubscription> AlertSubscriptions => Set<Alerting.AlertSubscription>();
    public DbSet<Alerting.AlertDelivery> AlertDeliveries => Set<Alerting.AlertDelivery>();
    public DbSet<Alerting.AlertRead> AlertReads => Set<Alerting.AlertRead>();

    public abstract DatabaseProvider Provider { get; }

    // Audit entries queued with AuditLog.Append are written by the same SaveChanges as the change.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.AddInterceptors(AuditAppender.Instance);

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
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
