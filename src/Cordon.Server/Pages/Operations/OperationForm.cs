using System.Globalization;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>
/// The operation form shared by the create and edit pages: name, participants (partners abroad
/// marked), objectives, area (drawn or pasted), period, legal basis, communication plan, marking.
/// </summary>
public abstract class OperationFormModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>The pages' text, for the derived pages too.</summary>
    protected IStringLocalizer<UiText> Text => text;

    public sealed record AgencyChoice(string Code, string Name, string Country, bool Abroad);

    public sealed record AgreementChoice(Guid Id, string Title, bool InForce, string Parties);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public List<string> Participants { get; set; } = [];
    /// <summary>One objective per line.</summary>
    [BindProperty] public string? Objectives { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string? StartsAt { get; set; }
    [BindProperty] public string? EndsAt { get; set; }
    [BindProperty] public string? LegalBasis { get; set; }
    /// <summary>One channel per line: "channel, contact".</summary>
    [BindProperty] public string? CommsPlan { get; set; }
    [BindProperty] public string? Marking { get; set; } = "amber";

    public List<AgencyChoice> Agencies { get; private set; } = [];
    public List<AgreementChoice> Agreements { get; private set; } = [];
    public string LeadAgency { get; private set; } = "";
    public FormRefusals Refusals => new(ModelState, Section);

    protected CordonDb Db => db;

    /// <summary>The server's clock, for the derived pages too.</summary>
    protected TimeProvider Clock => clock;

    public static string Section(string field) => field switch
    {
        _ when field.StartsWith("participants", StringComparison.Ordinal) => "participants",
        _ when field.StartsWith("area", StringComparison.Ordinal) || field.StartsWith("coordinates", StringComparison.Ordinal) || field.StartsWith("type", StringComparison.Ordinal) => "area",
        _ when field.StartsWith("commsPlan", StringComparison.Ordinal) => "comms",
        "startsAt" or "endsAt" => "period",
        "legalBasisAgreementId" => "legalBasis",
        "name" or "objectives" or "marking" or "status" => field,
        _ => "other",
    };

    /// <summary>The agencies to choose from and the agreements the lead agency is a party to.</summary>
    protected async Task LoadChoicesAsync(Guid lead, CancellationToken ct)
    {
        var all = await db.Agencies.AsNoTracking().OrderBy(a => a.Code).ToListAsync(ct);
        var home = all.First(a => a.Id == lead);
        LeadAgency = home.Code;
        Agencies = all.Where(a => a.Id != lead).Select(a => new AgencyChoice(a.Code, a.Name, a.Country, a.Country != home.Country)).ToList();
        var codes = all.ToDictionary(a => a.Id, a => a.Code);
        var now = clock.GetUtcNow();
        Agreements = (await db.SharingAgreements.AsNoTracking().Where(a => a.ProviderAgencyId == lead || a.RecipientAgencyId == lead).OrderBy(a => a.Title).ToListAsync(ct))
            .Select(a => new AgreementChoice(a.Id, a.Title, a.InForce(now), $"{codes.GetValueOrDefault(a.ProviderAgencyId)} → {codes.GetValueOrDefault(a.RecipientAgencyId)}")).ToList();
    }

    protected void Fill(OperationView o)
    {
        Name = o.Name;
        Participants = o.Participants.ToList();
        Objectives = string.Join('\n', o.Objectives);
        Area = o.Area.GetRawText();
        StartsAt = o.StartsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        EndsAt = o.EndsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        LegalBasis = o.LegalBasisAgreementId?.ToString();
        CommsPlan = string.Join('\n', o.CommsPlan.Select(c => $"{c.Channel}, {c.Contact}"));
        Marking = o.Marking.Replace("TLP:", "", StringComparison.Ordinal).ToLowerInvariant();
    }

    /// <summary>The form as API input; a form-level problem (not a date, not JSON) is refused beside its field and gives null.</summary>
    protected OperationInput? Input(string? status)
    {
        var start = ModelState.UtcTime(StartsAt, "startsAt", "2026-11-23 06:00");
        var end = ModelState.UtcTime(EndsAt, "endsAt", "2026-11-23 06:00");
        var area = ModelState.Json(Area, "area", text);
        Guid? basis = null;
        if (!string.IsNullOrWhiteSpace(LegalBasis))
        {
            basis = Guid.TryParse(LegalBasis, out var g) ? g : null;
        }
        var comms = Lines(CommsPlan).Select(line => line.Split(',', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new CommsChannel(parts[0], parts.Length > 1 ? parts[1] : "")).ToList();
        if (Refusals.Count > 0)
        {
            return null;
        }
        return new OperationInput(Name, Participants.ToArray(), Lines(Objectives).ToArray(), area, start, end, basis, comms, Marking, status);
    }

    private static IEnumerable<string> Lines(string? text) => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);


    protected static Actor ActorOf(PageModel page) => Actor.FromPrincipal(page.User);

    protected async Task<AccessPolicy> PolicyAsync(CancellationToken ct)
        => await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
}
