using System.Security.Cryptography;
using System.Text;
using Cordon.Declarations;
using Cordon.Screening.Lists;
using Cordon.Screening.Matching;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Screening.Hits;

/// <summary>
/// A party of a stored record as screened: its role, name, country (ISO code, when it is one), type
/// (a conveyance is a vessel), identifiers and, for a traveller, date of birth. <see cref="Key"/> is its identity for dismissals.
/// </summary>
public sealed record DeclaredParty(string Role, string Name, string? Country, EntityType? Type, IReadOnlyList<ListIdentifier> Identifiers, PartialDate? BirthDate = null)
{
    public string Key { get; } = KeyOf(Name, Country, Type, Identifiers) + (BirthDate is { } born ? born.ToString() : "");

    public string? IdentifierText => Identifiers.Count == 0 ? null : string.Join(' ', Identifiers.Select(i => $"{i.Kind}:{i.Value}"));

    /// <summary>A vessel known only by its IMO number is looked up by identifier, not by name.</summary>
    public bool ByIdentifierOnly => Role == PartyRoles.Conveyance;

    private static string KeyOf(string name, string? country, EntityType? type, IReadOnlyList<ListIdentifier> identifiers)
    {
        // Normalised tokens, so "ACME Trading Ltd." and "acme trading ltd" are one party.
        var text = $"{type}|{string.Join(' ', NameText.Tokens(name))}|{country}|{string.Join(';', identifiers.Select(i => $"{i.Kind}:{i.Normalised}").Order(StringComparer.Ordinal))}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

public static class PartyRoles
{
    /// <summary>A person on a passenger or crew list.</summary>
    public const string Traveller = "traveller";
    public const string Importer = "importer";
    public const string Exporter = "exporter";
    public const string Consignee = "consignee";
    public const string Consignor = "consignor";
    /// <summary>Whom the carrier tells of a consignment's arrival.</summary>
    public const string NotifyParty = "notify-party";
    public const string Conveyance = "conveyance";
}

/// <summary>A stored declaration or consignment (its current version) with the parties to screen.</summary>
public sealed record ScreenedRecord(string RecordType, Guid Id, Guid OwningAgencyId, Tlp Marking, string Reference, int Version, IReadOnlyList<DeclaredParty> Parties)
{
    /// <summary>The customs office of the record (carried on its block-hit alerts).</summary>
    public string? Office { get; init; }
    /// <summary>The HS code where the record itself has one (a consignment); a declaration's are on its items.</summary>
    public string? HsCode { get; init; }
}

/// <summary>Reads the parties of stored records, in pages, with only the columns screening needs.</summary>
internal static class StoredParties
{
    private sealed record DeclarationRow(Guid Id, Guid OwningAgencyId, Tlp Marking, string Office, string Declarant, string Number, int Version,
        TransportMode? Mode, string? Conveyance, string? ImporterName, string? ImporterCountry, string? ExporterName, string? ExporterCountry,
        string? ConsigneeName, string? ConsigneeCountry);

    private sealed record ConsignmentRow(Guid Id, Guid OwningAgencyId, Tlp Marking, string Office, string Filer, string Reference, int Version,
        TransportMode Mode, string? Conveyance, string? ConsignorName, string? ConsignorCountry, string? ConsigneeName, string? ConsigneeCountry, string HsCode,
        string? NotifyName, string? NotifyCountry);

    private static IQueryable<DeclarationRow> Project(IQueryable<Declaration> q) => q.Select(d => new DeclarationRow(
        d.Id, d.OwningAgencyId, d.Marking, d.Office, d.Declarant, d.Number, d.Version, d.TransportMode, d.Conveyance,
        d.ImporterName, d.ImporterCountry, d.ExporterName, d.ExporterCountry, d.ConsigneeName, d.ConsigneeCountry));

    private static IQueryable<ConsignmentRow> Project(IQueryable<PreArrivalConsignment> q) => q.Select(c => new ConsignmentRow(
        c.Id, c.OwningAgencyId, c.Marking, c.Office, c.Filer, c.Reference, c.Version, c.TransportMode, c.Conveyance,
        c.ConsignorName, c.ConsignorCountry, c.ConsigneeName, c.ConsigneeCountry, c.HsCode, c.NotifyName, c.NotifyCountry));

    public static async Task<List<ScreenedRecord>> ByIdsAsync(CordonDb db, string recordType, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        return recordType == RecordTypes.Consignment
            ? (await Project(db.Consignments.AsNoTracking().Where(c => ids.Contains(c.Id))).ToListAsync(ct)).Select(Of).ToList()
            : (await Project(db.Declarations.AsNoTracking().Where(d => ids.Contains(d.Id))).ToListAsync(ct)).Select(Of).ToList();
    }

    /// <summary>The next page of records after <paramref name="after"/> in id order.</summary>
    public static async Task<List<ScreenedRecord>> PageAsync(CordonDb db, string recordType, Guid? after, int take, CancellationToken ct)
    {
        if (recordType == RecordTypes.Consignment)
        {
            var q = db.Consignments.AsNoTracking();
            if (after is { } a)
            {
                q = q.Where(c => c.Id > a);
            }
            return (await Project(q.OrderBy(c => c.Id).Take(take)).ToListAsync(ct)).Select(Of).ToList();
        }
        var d = db.Declarations.AsNoTracking();
        if (after is { } b)
        {
            d = d.Where(x => x.Id > b);
        }
        return (await Project(d.OrderBy(x => x.Id).Take(take)).ToListAsync(ct)).Select(Of).ToList();
    }

    private static ScreenedRecord Of(DeclarationRow d)
    {
        var parties = new List<DeclaredParty>(4);
        Add(parties, PartyRoles.Importer, d.ImporterName, d.ImporterCountry);
        Add(parties, PartyRoles.Exporter, d.ExporterName, d.ExporterCountry);
        Add(parties, PartyRoles.Consignee, d.ConsigneeName, d.ConsigneeCountry);
        AddVessel(parties, d.Mode, d.Conveyance);
        return new ScreenedRecord(RecordTypes.Declaration, d.Id, d.OwningAgencyId, d.Marking, $"{d.Office}/{d.Declarant}/{d.Number}", d.Version, parties) { Office = d.Office };
    }

    private static ScreenedRecord Of(ConsignmentRow c)
    {
        var parties = new List<DeclaredParty>(4);
        Add(parties, PartyRoles.Consignor, c.ConsignorName, c.ConsignorCountry);
        Add(parties, PartyRoles.Consignee, c.ConsigneeName, c.ConsigneeCountry);
        Add(parties, PartyRoles.NotifyParty, c.NotifyName, c.NotifyCountry);
        AddVessel(parties, c.Mode, c.Conveyance);
        return new ScreenedRecord(RecordTypes.Consignment, c.Id, c.OwningAgencyId, c.Marking, $"{c.Office}/{c.Filer}/{c.Reference}", c.Version, parties) { Office = c.Office, HsCode = c.HsCode };
    }

    private static void Add(List<DeclaredParty> parties, string role, string? name, string? country)
    {
        // Research-layout records carry only codes: no name, nothing to screen.
        if (string.IsNullOrWhiteSpace(name) || NameText.Tokens(name).Count == 0)
        {
            return;
        }
        // Anonymised research country codes (CNTRY680) are not evidence either way.
        parties.Add(new DeclaredParty(role, name.Trim(), CountryNames.ToCode(country), null, []));
    }

    private static void AddVessel(List<DeclaredParty> parties, TransportMode? mode, string? conveyance)
    {
        // Intake stores a sea conveyance as "IMO" + seven checked digits.
        if (mode is TransportMode.Sea or TransportMode.InlandWaterway && conveyance is { Length: 10 } c && c.StartsWith("IMO", StringComparison.Ordinal))
        {
            parties.Add(new DeclaredParty(PartyRoles.Conveyance, $"IMO {c[3..]}", null, EntityType.Vessel, [new ListIdentifier("imo", c[3..])]));
        }
    }
}

/// <summary>
/// The hook intake calls: every stored record version gets a backlog row in the same transaction as
/// the record (SQLite: a prepared insert; PostgreSQL: binary COPY, like the record's own rows).
/// </summary>
internal static class IntakeBacklog
{
    public static readonly TableShape Table = new("screening_backlog",
    [
        new("RecordId", ColumnType.Uuid), new("Version", ColumnType.Int), new("RecordType", ColumnType.Text),
        new("OwningAgencyId", ColumnType.Uuid), new("QueuedAt", ColumnType.Instant),
    ]);

    public static readonly string SqliteInsert =
        $"INSERT INTO \"{Table.Name}\" ({Table.QuotedColumns}) VALUES ({string.Join(", ", Table.Columns.Select((_, i) => $"?{i + 1}"))}) ON CONFLICT DO NOTHING";

    public static object?[] Row(IntakeShape shape, StagedRecord record, Guid id, int version)
        => [id, version, shape == Intake.ConsignmentShape ? RecordTypes.Consignment : RecordTypes.Declaration, record.Header[1], record.ReceivedAt];
}
