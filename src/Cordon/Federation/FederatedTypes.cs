using System.Text.Json;
using System.Text.Json.Nodes;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>A record on its way out: what the access policy decides on, its version, and its complete (unredacted) view.</summary>
public sealed record Outgoing(RecordRef Ref, int Version, JsonNode View);

/// <summary>
/// A record type that federates: which of a provider's records an agreement lets leave (a query, so the
/// diff against what was already queued happens in the store), and their views, built a page at a time
/// with one query per table. Redaction is not done here: the outbox asks the one access policy.
/// </summary>
public abstract class FederatedType
{
    public abstract string RecordType { get; }

    /// <summary>
    /// Ids of the provider's records that <paramref name="policy"/> (the recipient agency reading onward, so
    /// no-onward-sharing and caveats apply) lets through and that were not yet queued for the partner under
    /// this agreement at their current version; oldest first.
    /// </summary>
    /// <remarks><paramref name="only"/>: look at these records only (those a commit on this node just changed), not at all of them.</remarks>
    public abstract Task<List<Guid>> DueAsync(CordonDb db, AccessPolicy policy, Guid partnerId, SharingAgreement agreement, IReadOnlyCollection<Guid>? only, int limit, CancellationToken ct);

    /// <param name="keys">This node's messaging keys (a message's view is its sealed body opened); null where there are none.</param>
    public abstract Task<List<Outgoing>> LoadAsync(CordonDb db, IReadOnlyList<Guid> ids, SharingAgreement agreement, AccessPolicy policy, Messaging.ChannelKeys? keys, CancellationToken ct);

    /// <summary>
    /// The redacted view as the outbox row keeps it until it is sent (the delivery opens it again): as it is, except for a type whose words are stored only sealed.
    /// </summary>
    public virtual Task<JsonNode> StoredViewAsync(CordonDb db, Outgoing record, JsonNode redacted, Messaging.ChannelKeys? keys, CancellationToken ct) => Task.FromResult(redacted);

    public static readonly IReadOnlyList<FederatedType> All = [new FederatedSeizures(), new FederatedCases(), new FederatedDeclarations(), new FederatedMessages()];

    public static FederatedType? Of(string recordType) => All.FirstOrDefault(t => t.RecordType == recordType);

    /// <summary>Record ids as FederationSent stores them (Guid.ToString(), lower case): compared in SQL with the row's id.</summary>
    protected IQueryable<FederationSent> Sent(CordonDb db, Guid partnerId, Guid agreementId)
    {
        var type = RecordType;
        return db.FederationSent.AsNoTracking().Where(x => x.PartnerId == partnerId && x.AgreementId == agreementId && x.RecordType == type);
    }
}

internal sealed class FederatedSeizures : FederatedType
{
    public override string RecordType => RecordTypes.Seizure;

    public override async Task<List<Guid>> DueAsync(CordonDb db, AccessPolicy policy, Guid partnerId, SharingAgreement a, IReadOnlyCollection<Guid>? only, int limit, CancellationToken ct)
    {
        var sent = Sent(db, partnerId, a.Id);
        var candidates = only is null ? db.Seizures.AsNoTracking() : db.Seizures.AsNoTracking().Where(s => only.Contains(s.Id));
        return await policy.Filter(candidates, RecordType, onward: true)
            .Where(s => s.OwningAgencyId == a.ProviderAgencyId)
            .Where(s => !sent.Any(x => x.RecordId == s.Id.ToString().ToLower() && x.Version == s.Version))
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).Take(limit).ToListAsync(ct);
    }

    public override async Task<List<Outgoing>> LoadAsync(CordonDb db, IReadOnlyList<Guid> ids, SharingAgreement a, AccessPolicy policy, Messaging.ChannelKeys? keys, CancellationToken ct)
    {
        var seizures = await db.Seizures.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        var views = await Seizures.ViewsAsync(db, seizures, ct);
        return seizures.Zip(views, (s, v) => new Outgoing(Seizures.Ref(s), s.Version, JsonSerializer.SerializeToNode(v, StoredValues.Json)!)).ToList();
    }
}

internal sealed class FederatedCases : FederatedType
{
    public override string RecordType => RecordTypes.Case;

    public override async Task<List<Guid>> DueAsync(CordonDb db, AccessPolicy policy, Guid partnerId, SharingAgreement a, IReadOnlyCollection<Guid>? only, int limit, CancellationToken ct)
    {
        var sent = Sent(db, partnerId, a.Id);
        var candidates = only is null ? db.Cases.AsNoTracking() : db.Cases.AsNoTracking().Where(c => only.Contains(c.Id));
        return await policy.Filter(candidates, RecordType, onward: true)
            .Where(c => c.OwningAgencyId == a.ProviderAgencyId)
            .Where(c => !sent.Any(x => x.RecordId == c.Id.ToString().ToLower() && x.Version == c.Version))
            .OrderBy(c => c.CreatedAt).Select(c => c.Id).Take(limit).ToListAsync(ct);
    }

    public override async Task<List<Outgoing>> LoadAsync(CordonDb db, IReadOnlyList<Guid> ids, SharingAgreement a, AccessPolicy policy, Messaging.ChannelKeys? keys, CancellationToken ct)
    {
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var views = await EnforcementCases.ViewsAsync(db, cases, ct);
        // The case view lists its inspections and seizures. Those are records of their own: a summary leaves only
        // when the record itself could (marking within the agreement's ceiling, no caveat that keeps it here).
        var excluded = Caveats.NoOnwardSharing | (policy.ReaderOutsideLawEnforcement ? Caveats.LawEnforcementOnly : Caveats.None);
        var seizureIds = views.SelectMany(v => v.Seizures.Select(s => s.Id)).ToList();
        var inspectionIds = views.SelectMany(v => v.Inspections.Select(i => i.Id)).ToList();
        var seizures = (await db.Seizures.AsNoTracking().Where(s => seizureIds.Contains(s.Id)).Select(s => new { s.Id, s.Marking, s.Caveats }).ToListAsync(ct))
            .Where(s => s.Marking <= a.MaxMarking && (s.Caveats & excluded) == 0).Select(s => s.Id).ToHashSet();
        var inspections = (await db.Inspections.AsNoTracking().Where(i => inspectionIds.Contains(i.Id)).Select(i => new { i.Id, i.Marking, i.Caveats }).ToListAsync(ct))
            .Where(i => i.Marking <= a.MaxMarking && (i.Caveats & excluded) == 0).Select(i => i.Id).ToHashSet();
        return cases.Zip(views, (c, v) =>
        {
            var view = v with
            {
                Inspections = v.Inspections.Where(i => inspections.Contains(i.Id)).ToList(),
                Seizures = v.Seizures.Where(s => seizures.Contains(s.Id)).ToList(),
            };
            return new Outgoing(EnforcementCases.Ref(c), c.Version, JsonSerializer.SerializeToNode(view, StoredValues.Json)!);
        }).ToList();
    }
}

/// <summary>
/// A declaration as it is federated: the current version's fields under the names of <see cref="Declaration"/>
/// (so PersonalFields.Declaration and agreements' redactions name them), with its items.
/// </summary>
public sealed record FederatedDeclaration(
    Guid Id, DeclarationKind Kind, string Office, string? Declarant, string Number, int Version, DateOnly LodgedOn, TransportMode? TransportMode, string? Conveyance,
    string? ImporterCode, string? ImporterName, string? ImporterAddress, string? ImporterCountry,
    string? ExporterCode, string? ExporterName, string? ExporterAddress, string? ExporterCountry,
    string? ConsigneeCode, string? ConsigneeName, string? ConsigneeAddress, string? ConsigneeCountry,
    string? OriginCountry, string? ExportCountry, string? DestinationCountry, string? PortOfLoading, string? PortOfDischarge,
    string? Currency, decimal? TotalFob, decimal? TotalCif, decimal TotalDutiesAndTaxes, int ItemCount, OpaqueCodes Opaque,
    DateTimeOffset FirstReceivedAt, DateTimeOffset UpdatedAt, IReadOnlyList<FederatedDeclarationItem> Items);

public sealed record FederatedDeclarationItem(int Line, string HsCode, string? Description, decimal? Quantity, string? Unit, decimal? GrossKg, decimal? NetKg,
    decimal? Fob, decimal? Cif, decimal? Duties, decimal? Taxes);

internal sealed class FederatedDeclarations : FederatedType
{
    public override string RecordType => RecordTypes.Declaration;

    public override async Task<List<Guid>> DueAsync(CordonDb db, AccessPolicy policy, Guid partnerId, SharingAgreement a, IReadOnlyCollection<Guid>? only, int limit, CancellationToken ct)
    {
        var sent = Sent(db, partnerId, a.Id);
        var candidates = only is null ? db.Declarations.AsNoTracking() : db.Declarations.AsNoTracking().Where(d => only.Contains(d.Id));
        return await policy.Filter(candidates, RecordType, onward: true)
            .Where(d => d.OwningAgencyId == a.ProviderAgencyId)
            .Where(d => !sent.Any(x => x.RecordId == d.Id.ToString().ToLower() && x.Version == d.Version))
            .OrderBy(d => d.FirstReceivedAt).Select(d => d.Id).Take(limit).ToListAsync(ct);
    }

    public override async Task<List<Outgoing>> LoadAsync(CordonDb db, IReadOnlyList<Guid> ids, SharingAgreement a, AccessPolicy policy, Messaging.ChannelKeys? keys, CancellationToken ct)
    {
        var declarations = await db.Declarations.AsNoTracking().Where(d => ids.Contains(d.Id)).OrderBy(d => d.FirstReceivedAt).ToListAsync(ct);
        var items = (await db.DeclarationItems.AsNoTracking().Where(i => ids.Contains(i.DeclarationId)).ToListAsync(ct)).ToLookup(i => i.DeclarationId);
        return declarations.Select(d => new Outgoing(
            new RecordRef(RecordTypes.Declaration, d.OwningAgencyId, d.Marking, d.Caveats, d.Id.ToString()), d.Version,
            JsonSerializer.SerializeToNode(View(d, items[d.Id]), FederationJson.Options)!)).ToList();
    }

    private static FederatedDeclaration View(Declaration d, IEnumerable<DeclarationItem> items) => new(
        d.Id, d.Kind, d.Office, d.Declarant, d.Number, d.Version, d.LodgedOn, d.TransportMode, d.Conveyance,
        d.ImporterCode, d.ImporterName, d.ImporterAddress, d.ImporterCountry, d.ExporterCode, d.ExporterName, d.ExporterAddress, d.ExporterCountry,
        d.ConsigneeCode, d.ConsigneeName, d.ConsigneeAddress, d.ConsigneeCountry, d.OriginCountry, d.ExportCountry, d.DestinationCountry,
        d.PortOfLoading, d.PortOfDischarge, d.Currency, d.TotalFob, d.TotalCif, d.TotalDutiesAndTaxes, d.ItemCount, d.Opaque, d.FirstReceivedAt, d.UpdatedAt,
        items.OrderBy(i => i.Line).Select(i => new FederatedDeclarationItem(i.Line, i.HsCode, i.Description, i.Quantity, i.Unit, i.GrossKg, i.NetKg, i.Fob, i.Cif, i.Duties, i.Taxes)).ToList());
}
