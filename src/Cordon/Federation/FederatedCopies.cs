using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cordon.Cases;
using Cordon.Declarations;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Federation;

/// <summary>How received cases are shown: the sender's (already redacted) view, under the local id, reference and owner.</summary>
public static class FederatedCopies
{
    /// <summary>
    /// A received case's view. Its persons, notes, tasks, inspections and seizures are not local rows: they
    /// are what the sender's view listed (less what the agreement removed), kept in the copy's payload.
    /// </summary>
    public static CaseView CaseView(Case c, string payload, IReadOnlyDictionary<Guid, string> codes)
    {
        var sent = JsonSerializer.Deserialize<CaseView>(payload, StoredValues.Json)!;
        return sent with
        {
            Id = c.Id,
            Reference = c.Reference,
            LeadAgency = codes.GetValueOrDefault(c.OwningAgencyId) ?? "?",
            OwningAgencyId = c.OwningAgencyId,
            Marking = c.Marking.Label(),
            Tasks = sent.Tasks ?? [],
            Inspections = sent.Inspections ?? [],
            Seizures = sent.Seizures ?? [],
        };
    }

    /// <summary>A received declaration's number: "ALPHA:" and the sender's, so it never meets a number lodged here (':' is not allowed in them).</summary>
    public static string CopyNumber(string partner, string originNumber, Guid id)
    {
        var tag = new string(partner.ToUpperInvariant().Where(char.IsLetterOrDigit).Take(6).ToArray());
        var number = $"{tag}:{originNumber}";
        return number.Length <= DeclarationLimits.Number
            ? number
            : $"{tag}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id.ToString())))[..(DeclarationLimits.Number - 1 - tag.Length)]}";
    }
}

public static partial class FederationInbox
{
    private static async Task<bool> ApplyCaseAsync(ApplyContext c, FederationItem item, CancellationToken ct)
    {
        if (await CheckIncomingAsync(c, item, "Case", ct) is not { } incoming)
        {
            return false;
        }
        CaseView view;
        try
        {
            view = incoming.View.Deserialize<CaseView>(StoredValues.Json) ?? throw new JsonException("empty view");
        }
        catch (JsonException e)
        {
            throw new ItemRejected("view", $"Case {incoming.OriginId}: the view does not read as a case ({e.Message}).");
        }
        if (string.IsNullOrWhiteSpace(view.Title) || view.Title.Length > 300)
        {
            throw new ItemRejected("title", $"Case {view.Reference}: a title of 1 to 300 characters.");
        }
        if (view.Summary is { Length: > 4000 })
        {
            throw new ItemRejected("summary", $"Case {view.Reference}: summary is longer than 4000 characters.");
        }
        Case copy;
        if (incoming.Copy is null)
        {
            copy = new Case { Id = incoming.Id, Reference = "", Title = "", CreatedBy = "", UpdatedBy = "" };
            c.Db.Cases.Add(copy);
        }
        else
        {
            copy = c.Db.Cases.Local.FirstOrDefault(x => x.Id == incoming.Id) ?? await c.Db.Cases.FirstAsync(x => x.Id == incoming.Id, ct);
        }
        var withheld = $"(withheld by {c.Partner.Name})";
        copy.Reference = CopyReference(c.Partner.Name, view.Reference, incoming.Id);
        copy.Title = view.Title;
        copy.Summary = view.Summary;
        copy.OwningAgencyId = incoming.Owner;
        copy.Marking = item.Marking;
        // A copy is never passed on, whatever the original allowed.
        copy.Caveats = item.Caveats | Caveats.NoOnwardSharing;
        // The sender's participating agencies are not agencies here: no one here takes part in a received case.
        copy.ParticipantAgencyIds = [];
        copy.Status = view.Status == "closed" ? CaseStatus.Closed : CaseStatus.Open;
        copy.CreatedAt = view.CreatedAt;
        copy.CreatedBy = Clip(view.CreatedBy ?? withheld, 200);
        copy.UpdatedAt = view.UpdatedAt;
        copy.UpdatedBy = Clip(view.UpdatedBy ?? withheld, 200);
        copy.Version = item.Version;
        Record(c, item, incoming, copy.Caveats);
        return true;
    }

    private static async Task<bool> ApplyDeclarationAsync(ApplyContext c, FederationItem item, CancellationToken ct)
    {
        if (await CheckIncomingAsync(c, item, "Declaration", ct) is not { } incoming)
        {
            return false;
        }
        FederatedDeclaration view;
        try
        {
            view = incoming.View.Deserialize<FederatedDeclaration>(FederationJson.Options) ?? throw new JsonException("empty view");
        }
        catch (JsonException e)
        {
            throw new ItemRejected("view", $"Declaration {incoming.OriginId}: the view does not read as a declaration ({e.Message}).");
        }
        if (CheckDeclaration(view) is { } problem)
        {
            throw new ItemRejected(problem.Field, $"Declaration {view.Number}: {problem.Message}");
        }
        Declaration copy;
        if (incoming.Copy is null)
        {
            copy = new Declaration { Id = incoming.Id, Office = "", Declarant = "", Number = "", ContentHash = [], UpdatedBy = "" };
            c.Db.Declarations.Add(copy);
        }
        else
        {
            copy = c.Db.Declarations.Local.FirstOrDefault(x => x.Id == incoming.Id) ?? await c.Db.Declarations.Include(d => d.Items).FirstAsync(x => x.Id == incoming.Id, ct);
        }
        copy.OwningAgencyId = incoming.Owner;
        copy.Marking = item.Marking;
        copy.Caveats = item.Caveats | Caveats.NoOnwardSharing;
        copy.Kind = view.Kind;
        copy.Office = view.Office;
        // The declarant is part of the store's (office, declarant, number) key: withheld, a stable stand-in per record keeps it unique.
        copy.Declarant = view.Declarant ?? $"WITHHELD-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(incoming.OriginId)))[..16]}";
        copy.Number = FederatedCopies.CopyNumber(c.Partner.Name, view.Number, incoming.Id);
        copy.Version = item.Version;
        copy.LodgedOn = view.LodgedOn;
        copy.TransportMode = view.TransportMode;
        copy.Conveyance = view.Conveyance;
        (copy.ImporterCode, copy.ImporterName, copy.ImporterAddress, copy.ImporterCountry) = (view.ImporterCode, view.ImporterName, view.ImporterAddress, view.ImporterCountry);
        (copy.ExporterCode, copy.ExporterName, copy.ExporterAddress, copy.ExporterCountry) = (view.ExporterCode, view.ExporterName, view.ExporterAddress, view.ExporterCountry);
        (copy.ConsigneeCode, copy.ConsigneeName, copy.ConsigneeAddress, copy.ConsigneeCountry) = (view.ConsigneeCode, view.ConsigneeName, view.ConsigneeAddress, view.ConsigneeCountry);
        (copy.OriginCountry, copy.ExportCountry, copy.DestinationCountry) = (view.OriginCountry, view.ExportCountry, view.DestinationCountry);
        (copy.PortOfLoading, copy.PortOfDischarge) = (view.PortOfLoading, view.PortOfDischarge);
        (copy.Currency, copy.TotalFob, copy.TotalCif, copy.TotalDutiesAndTaxes) = (view.Currency, view.TotalFob, view.TotalCif, view.TotalDutiesAndTaxes);
        copy.ItemCount = view.Items?.Count ?? 0;
        copy.Opaque = view.Opaque;
        copy.ContentHash = SHA256.HashData(Encoding.UTF8.GetBytes(incoming.View.GetRawText()));
        copy.FirstReceivedAt = incoming.Copy is null ? c.Now : copy.FirstReceivedAt;
        copy.UpdatedAt = c.Now;
        copy.UpdatedBy = $"partner installation {c.Partner.Name}";
        copy.Items.Clear();
        foreach (var i in view.Items ?? [])
        {
            copy.Items.Add(new DeclarationItem
            {
                DeclarationId = copy.Id, Line = i.Line, HsCode = i.HsCode, Description = i.Description, Quantity = i.Quantity, Unit = i.Unit,
                GrossKg = i.GrossKg, NetKg = i.NetKg, Fob = i.Fob, Cif = i.Cif, Duties = i.Duties, Taxes = i.Taxes,
            });
        }
        Record(c, item, incoming, copy.Caveats);
        return true;
    }

    private static (string Field, string Message)? CheckDeclaration(FederatedDeclaration v)
    {
        (string Field, string? Value, int Max)[] limits =
        [
            ("office", v.Office, DeclarationLimits.Code), ("declarant", v.Declarant, DeclarationLimits.Code), ("number", v.Number, DeclarationLimits.Number),
            ("conveyance", v.Conveyance, DeclarationLimits.Code),
            ("importerCode", v.ImporterCode, DeclarationLimits.Code), ("exporterCode", v.ExporterCode, DeclarationLimits.Code), ("consigneeCode", v.ConsigneeCode, DeclarationLimits.Code),
            ("importerName", v.ImporterName, DeclarationLimits.Name), ("exporterName", v.ExporterName, DeclarationLimits.Name), ("consigneeName", v.ConsigneeName, DeclarationLimits.Name),
            ("importerAddress", v.ImporterAddress, DeclarationLimits.Address), ("exporterAddress", v.ExporterAddress, DeclarationLimits.Address),
            ("consigneeAddress", v.ConsigneeAddress, DeclarationLimits.Address),
            ("importerCountry", v.ImporterCountry, DeclarationLimits.Code), ("exporterCountry", v.ExporterCountry, DeclarationLimits.Code),
            ("consigneeCountry", v.ConsigneeCountry, DeclarationLimits.Code), ("originCountry", v.OriginCountry, DeclarationLimits.Code),
            ("exportCountry", v.ExportCountry, DeclarationLimits.Code), ("destinationCountry", v.DestinationCountry, DeclarationLimits.Code),
            ("portOfLoading", v.PortOfLoading, 5), ("portOfDischarge", v.PortOfDischarge, 5), ("currency", v.Currency, 3),
        ];
        foreach (var (field, value, max) in limits)
        {
            if (value is { Length: var n } && n > max)
            {
                return (field, $"{field} is longer than {max} characters.");
            }
        }
        if (string.IsNullOrWhiteSpace(v.Office))
        {
            return ("office", "office is missing.");
        }
        if (string.IsNullOrWhiteSpace(v.Number))
        {
            return ("number", "number is missing.");
        }
        var lines = new HashSet<int>();
        for (var k = 0; k < (v.Items?.Count ?? 0); k++)
        {
            var i = v.Items![k];
            if (i.HsCode is not { Length: >= 6 and <= 10 } || !lines.Add(i.Line) || i.Description is { Length: > DeclarationLimits.Description } || i.Unit is { Length: > 8 })
            {
                return ($"items[{k}]", "an item needs a unique line, an HS code of 6 to 10 digits, a description and unit within their limits.");
            }
        }
        return null;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
