using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Storage;

namespace Cordon.Declarations;

/// <summary>Who sends, for which agency, from where: recorded on every version and quarantined record.</summary>
public sealed record IntakeContext(Guid AgencyId, string ReceivedBy, string Source, DateTimeOffset Now)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    /// <summary>Who sent the file, for its audit entry (<see cref="IntakeAudit"/>); none for the demo generator.</summary>
    public Audit.AuditActor? Actor { get; init; }
}

/// <summary>The result for one record of a submission: stored (and how), or rejected with field errors.</summary>
public sealed record RecordResult(
    int Index,
    string? Number,
    IntakeOutcome Outcome,
    Guid? Id,
    int? Version,
    string Position,
    IReadOnlyDictionary<string, string[]>? Errors);

/// <summary>Counts of a submission or import.</summary>
public sealed class IntakeSummary
{
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public long Duplicates { get; set; }
    public long Amended { get; set; }
    public double Seconds { get; set; }

    public long Total => Accepted + Rejected + Duplicates + Amended;

    public void Add(IntakeOutcome outcome)
    {
        switch (outcome)
        {
            case IntakeOutcome.Accepted: Accepted++; break;
            case IntakeOutcome.Duplicate: Duplicates++; break;
            case IntakeOutcome.Amended: Amended++; break;
            default: Rejected++; break;
        }
    }
}

/// <summary>
/// One record as read from a source, before validation: the parsed input (when parsing got that far),
/// the errors found while parsing, and the raw text (kept in quarantine when it could not be parsed).
/// </summary>
public sealed class Candidate<TInput>
    where TInput : class
{
    public required int Index { get; init; }
    public required string Position { get; init; }
    public TInput? Input { get; init; }
    public RecordErrors Errors { get; } = new();
    /// <summary>The record's text as received (CSV line(s), JSON) — hashed to quarantine a bad record once.</summary>
    public required string Raw { get; init; }
    /// <summary>The number, when it could be read even from a bad record.</summary>
    public string? Number { get; init; }
}

/// <summary>
/// The one intake path every entry point uses (REST single and batch, file import, quarantine
/// re-submission): validate, stage, write idempotently, quarantine the rejects.
/// </summary>
public static class Intake
{
    internal static readonly IntakeShape DeclarationShape = new(
        new TableShape("declarations",
        [
            new("Id", ColumnType.Uuid), new("OwningAgencyId", ColumnType.Uuid), new("Marking", ColumnType.Text),
            new("Office", ColumnType.Text), new("Declarant", ColumnType.Text), new("Number", ColumnType.Text),
            new("Version", ColumnType.Int), new("ContentHash", ColumnType.Bytes), new("FirstReceivedAt", ColumnType.Instant),
            new("UpdatedAt", ColumnType.Instant), new("UpdatedBy", ColumnType.Text),
            new("Kind", ColumnType.Text), new("LodgedOn", ColumnType.Date), new("TransportMode", ColumnType.Text), new("Conveyance", ColumnType.Text),
            new("ImporterCode", ColumnType.Text), new("ImporterName", ColumnType.Text), new("ImporterAddress", ColumnType.Text), new("ImporterCountry", ColumnType.Text),
            new("ExporterCode", ColumnType.Text), new("ExporterName", ColumnType.Text), new("ExporterAddress", ColumnType.Text), new("ExporterCountry", ColumnType.Text),
            new("ConsigneeCode", ColumnType.Text), new("ConsigneeName", ColumnType.Text), new("ConsigneeAddress", ColumnType.Text), new("ConsigneeCountry", ColumnType.Text),
            new("OriginCountry", ColumnType.Text), new("ExportCountry", ColumnType.Text), new("DestinationCountry", ColumnType.Text),
            new("PortOfLoading", ColumnType.Text), new("PortOfDischarge", ColumnType.Text), new("Currency", ColumnType.Text),
            new("TotalFob", ColumnType.Decimal), new("TotalCif", ColumnType.Decimal), new("TotalDutiesAndTaxes", ColumnType.Decimal),
            new("ItemCount", ColumnType.Int), new("Opaque", ColumnType.Int),
        ]),
        new TableShape("declaration_items",
        [
            new("DeclarationId", ColumnType.Uuid), new("Line", ColumnType.Int), new("HsCode", ColumnType.Text), new("Description", ColumnType.Text),
            new("Quantity", ColumnType.Decimal), new("Unit", ColumnType.Text), new("GrossKg", ColumnType.Decimal), new("NetKg", ColumnType.Decimal),
            new("Fob", ColumnType.Decimal), new("Cif", ColumnType.Decimal), new("Duties", ColumnType.Decimal), new("Taxes", ColumnType.Decimal),
        ]),
        new TableShape("declaration_versions",
        [
            new("DeclarationId", ColumnType.Uuid), new("Version", ColumnType.Int), new("ContentHash", ColumnType.Bytes), new("Content", ColumnType.Text),
            new("ReceivedAt", ColumnType.Instant), new("ReceivedBy", ColumnType.Text), new("Source", ColumnType.Text),
        ]),
        new TableShape("inspection_outcomes",
        [
            new("DeclarationId", ColumnType.Uuid), new("OwningAgencyId", ColumnType.Uuid), new("Marking", ColumnType.Text), new("Illicit", ColumnType.Bool),
            new("Revenue", ColumnType.Decimal), new("RecordedAt", ColumnType.Instant), new("Source", ColumnType.Text),
        ]));

    internal static readonly IntakeShape ConsignmentShape = new(
        new TableShape("pre_arrival_consignments",
        [
            new("Id", ColumnType.Uuid), new("OwningAgencyId", ColumnType.Uuid), new("Marking", ColumnType.Text),
            new("Office", ColumnType.Text), new("Filer", ColumnType.Text), new("Reference", ColumnType.Text),
            new("Version", ColumnType.Int), new("ContentHash", ColumnType.Bytes), new("FirstReceivedAt", ColumnType.Instant),
            new("UpdatedAt", ColumnType.Instant), new("UpdatedBy", ColumnType.Text),
            new("ConsignorName", ColumnType.Text), new("ConsignorAddress", ColumnType.Text), new("ConsignorCountry", ColumnType.Text),
            new("ConsigneeName", ColumnType.Text), new("ConsigneeAddress", ColumnType.Text), new("ConsigneeCountry", ColumnType.Text),
            new("GoodsDescription", ColumnType.Text), new("HsCode", ColumnType.Text), new("GrossKg", ColumnType.Decimal), new("Packages", ColumnType.Int),
            new("TransportMode", ColumnType.Text), new("Conveyance", ColumnType.Text), new("Route", ColumnType.Text), new("ExpectedArrival", ColumnType.Instant),
            new("ContainerCount", ColumnType.Int),
            new("ConsignorCode", ColumnType.Text), new("ConsigneeCode", ColumnType.Text),
            new("NotifyCode", ColumnType.Text), new("NotifyName", ColumnType.Text), new("NotifyAddress", ColumnType.Text), new("NotifyCountry", ColumnType.Text),
            new("PortOfLoading", ColumnType.Text), new("PortOfDischarge", ColumnType.Text),
        ]),
        new TableShape("consignment_containers",
        [
            new("ConsignmentId", ColumnType.Uuid), new("Seq", ColumnType.Int), new("ContainerNumber", ColumnType.Text), new("Seals", ColumnType.Text),
        ]),
        new TableShape("consignment_versions",
        [
            new("ConsignmentId", ColumnType.Uuid), new("Version", ColumnType.Int), new("ContentHash", ColumnType.Bytes), new("Content", ColumnType.Text),
            new("ReceivedAt", ColumnType.Instant), new("ReceivedBy", ColumnType.Text), new("Source", ColumnType.Text),
        ]),
        null);

    /// <summary>Validates and stages declarations, writes the good ones and quarantines the bad ones, in one transaction.</summary>
    public static async Task<IReadOnlyList<RecordResult>> SubmitDeclarationsAsync(
        StorageSetup.StoreSettings store, IntakeContext context, IReadOnlyList<Candidate<DeclarationInput>> candidates, CancellationToken ct,
        bool quarantineRejects = true)
    {
        await using var writer = await IntakeWriter.OpenAsync(store, ct);
        var batch = new PreparedBatch { KeepRejects = quarantineRejects };
        foreach (var c in candidates)
        {
            batch.Add(c, StageDeclaration(c, context), IntakeKind.Declaration, context);
        }
        await writer.WriteAsync(DeclarationShape, batch.Staged, batch.Quarantine, ct);
        return batch.Results();
    }

    /// <summary>Through the server's group-commit writer.</summary>
    public static Task<IReadOnlyList<RecordResult>> SubmitDeclarationsAsync(
        IntakeService service, IntakeContext context, IReadOnlyList<Candidate<DeclarationInput>> candidates, CancellationToken ct)
    {
        var batch = new PreparedBatch();
        foreach (var c in candidates)
        {
            batch.Add(c, StageDeclaration(c, context), IntakeKind.Declaration, context);
        }
        return service.SubmitAsync(DeclarationShape, batch, ct);
    }

    public static Task<IReadOnlyList<RecordResult>> SubmitConsignmentsAsync(
        IntakeService service, IntakeContext context, IReadOnlyList<Candidate<ConsignmentInput>> candidates, CancellationToken ct)
    {
        var batch = new PreparedBatch();
        foreach (var c in candidates)
        {
            batch.Add(c, StageConsignment(c, context), IntakeKind.Consignment, context);
        }
        return service.SubmitAsync(ConsignmentShape, batch, ct);
    }

    public static async Task<IReadOnlyList<RecordResult>> SubmitConsignmentsAsync(
        StorageSetup.StoreSettings store, IntakeContext context, IReadOnlyList<Candidate<ConsignmentInput>> candidates, CancellationToken ct,
        bool quarantineRejects = true)
    {
        await using var writer = await IntakeWriter.OpenAsync(store, ct);
        var batch = new PreparedBatch { KeepRejects = quarantineRejects };
        foreach (var c in candidates)
        {
            batch.Add(c, StageConsignment(c, context), IntakeKind.Consignment, context);
        }
        await writer.WriteAsync(ConsignmentShape, batch.Staged, batch.Quarantine, ct);
        return batch.Results();
    }

    /// <summary>A batch on its way to the writer: staged records and rejects, in input order.</summary>
    internal sealed class PreparedBatch
    {
        public List<StagedRecord> Staged { get; } = [];
        public List<QuarantineRow> Quarantine { get; } = [];
        private readonly List<(int Index, string? Number, string Position, StagedRecord? Staged, IReadOnlyDictionary<string, string[]>? Errors)> _order = [];

        public int Count => _order.Count;

        /// <summary>False for a quarantine re-submission: a still-bad correction is reported, not quarantined again.</summary>
        public bool KeepRejects { get; init; } = true;

        public void Add<T>(Candidate<T> c, StagedRecord? staged, IntakeKind kind, IntakeContext context)
            where T : class
        {
            if (staged is not null)
            {
                Staged.Add(staged);
                _order.Add((c.Index, c.Number, c.Position, staged, null));
                return;
            }
            var errors = c.Errors.ToDictionary();
            _order.Add((c.Index, c.Number, c.Position, null, errors));
            if (!KeepRejects)
            {
                return;
            }
            var json = c.Input is null ? null : JsonSerializer.Serialize(c.Input, typeof(T), IntakeJson.Default);
            Quarantine.Add(new QuarantineRow(
                context.AgencyId, kind, Truncate(context.Source, 300), c.Position, c.Number is null ? null : Truncate(c.Number, DeclarationLimits.Number),
                Truncate(json ?? c.Raw, 1_000_000), json is not null, c.Errors.ToStored(),
                // Readers keep the raw text only of records they could not parse; otherwise the JSON identifies the record.
                SHA256.HashData(Encoding.UTF8.GetBytes(c.Raw.Length > 0 ? c.Raw : json ?? "")), context.Now, context.ReceivedBy));
        }

        public IReadOnlyList<RecordResult> Results()
            => _order.Select(o => o.Staged is { } s
                ? new RecordResult(o.Index, o.Number, s.Outcome_, s.StoredId, s.StoredVersion, o.Position, null)
                : new RecordResult(o.Index, o.Number, IntakeOutcome.Rejected, null, null, o.Position, o.Errors)).ToList();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    internal static StagedRecord? StageDeclaration(Candidate<DeclarationInput> c, IntakeContext context)
    {
        if (c.Input is not { } input || c.Errors.Any)
        {
            if (c.Input is null && !c.Errors.Any)
            {
                c.Errors.Add("", "the record is empty.");
            }
            // Parse errors: still validate what was read, so every problem is reported at once.
            if (c.Input is not null)
            {
                DeclarationValidation.Validate(c.Input, c.Errors, context.Today);
            }
            return null;
        }
        var valid = DeclarationValidation.Validate(input, c.Errors, context.Today);
        if (valid is null)
        {
            return null;
        }
        var outcome = input.Outcome;
        input.Outcome = null;
        foreach (var item in input.Items!)
        {
            item.Quantity = Canonical(item.Quantity);
            item.GrossKg = Canonical(item.GrossKg);
            item.NetKg = Canonical(item.NetKg);
            item.Fob = Canonical(item.Fob);
            item.Cif = Canonical(item.Cif);
            item.Duties = Canonical(item.Duties);
            item.Taxes = Canonical(item.Taxes);
        }
        input.TotalFob = Canonical(input.TotalFob);
        input.TotalCif = Canonical(input.TotalCif);
        var content = JsonSerializer.SerializeToUtf8Bytes(input, IntakeJson.Default.DeclarationInput);
        input.Outcome = outcome;
        var hash = SHA256.HashData(content);
        // Time-ordered ids (UUIDv7 at the time of staging) keep the primary-key indexes appending at
        // their end instead of inserting at random pages: the difference between an import bound by
        // the disk and one that is not.
        var id = Guid.CreateVersion7();
        var items = input.Items!;
        var children = new List<object?[]>(items.Count);
        decimal duties = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var it = items[i];
            duties += (it.Duties ?? 0) + (it.Taxes ?? 0);
            children.Add([id, i + 1, it.HsCode, it.Description, it.Quantity, it.Unit, it.GrossKg, it.NetKg, it.Fob, it.Cif, it.Duties, it.Taxes]);
        }
        var marking = valid.Marking.ToString();
        object?[] header =
        [
            id, context.AgencyId, marking, input.Office, input.Declarant, input.Number, 1, hash, context.Now, context.Now, context.ReceivedBy,
            valid.Kind.ToString(), valid.LodgedOn, valid.TransportMode?.ToString(), input.Conveyance,
            input.Importer?.Id, input.Importer?.Name, input.Importer?.Address, input.Importer?.Country,
            input.Exporter?.Id, input.Exporter?.Name, input.Exporter?.Address, input.Exporter?.Country,
            input.Consignee?.Id, input.Consignee?.Name, input.Consignee?.Address, input.Consignee?.Country,
            input.OriginCountry, input.ExportCountry, input.DestinationCountry, input.PortOfLoading, input.PortOfDischarge, input.Currency,
            input.TotalFob ?? (items.All(i => i.Fob is not null) ? items.Sum(i => i.Fob!.Value) : null),
            input.TotalCif ?? (items.All(i => i.Cif is not null) ? items.Sum(i => i.Cif!.Value) : null),
            duties, items.Count, (int)valid.Opaque,
        ];
        return new StagedRecord
        {
            Header = header,
            Children = children,
            Outcome = outcome is null ? null : [id, context.AgencyId, marking, outcome.Illicit, outcome.Revenue ?? 0m, context.Now, context.Source],
            Content = new Utf8Text(content),
            Source = context.Source,
            ReceivedBy = context.ReceivedBy,
            ReceivedAt = context.Now,
        };
    }

    internal static StagedRecord? StageConsignment(Candidate<ConsignmentInput> c, IntakeContext context)
    {
        if (c.Input is not { } input)
        {
            if (!c.Errors.Any)
            {
                c.Errors.Add("", "the record is empty.");
            }
            return null;
        }
        var valid = ConsignmentValidation.Validate(input, c.Errors, context.Now);
        if (valid is null || c.Errors.Any)
        {
            return null;
        }
        input.GrossKg = Canonical(input.GrossKg);
        var content = JsonSerializer.SerializeToUtf8Bytes(input, IntakeJson.Default.ConsignmentInput);
        var hash = SHA256.HashData(content);
        var id = Guid.CreateVersion7();
        var containers = input.Containers ?? [];
        object?[] header =
        [
            id, context.AgencyId, valid.Marking.ToString(), input.Office, input.Filer, input.Reference, 1, hash, context.Now, context.Now, context.ReceivedBy,
            input.Consignor!.Name, input.Consignor.Address, input.Consignor.Country,
            input.Consignee!.Name, input.Consignee.Address, input.Consignee.Country,
            input.GoodsDescription, input.HsCode, input.GrossKg!.Value, input.Packages!.Value,
            valid.TransportMode.ToString(), input.Conveyance, input.Route is null ? null : string.Join(' ', input.Route), valid.ExpectedArrival,
            containers.Count,
            input.Consignor.Id, input.Consignee.Id,
            input.NotifyParty?.Id, input.NotifyParty?.Name, input.NotifyParty?.Address, input.NotifyParty?.Country,
            input.PortOfLoading, input.PortOfDischarge,
        ];
        var seals = input.Seals ?? [];
        return new StagedRecord
        {
            Header = header,
            Children = containers.Select((n, i) => new object?[]
            {
                id, i + 1, n, seals.Any(s => s.Container == n) ? string.Join(' ', seals.Where(s => s.Container == n).Select(s => s.Number)) : null,
            }).ToList(),
            Content = new Utf8Text(content),
            Source = context.Source,
            ReceivedBy = context.ReceivedBy,
            ReceivedAt = context.Now,
        };
    }

    /// <summary>100, 100.0 and 100.00 are the same amount: strip trailing zeros so they hash the same.</summary>
    internal static decimal? Canonical(decimal? value) => value is { } v ? v / 1.000000000000000000000000000000000m : null;
}
