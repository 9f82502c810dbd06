using System.Globalization;
using Cordon.Common;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>
/// Plans a patrol shift in an operation. The planning rules refuse with every reason at once; the page
/// shows each beside the part of the form it concerns (team, assets, area, time).
/// </summary>
public sealed class PlanPatrolModel(CordonDb db, PlanningRules rules, IStringLocalizer<UiText> text, TimeProvider clock) : PageModel, IShowsRefusals
{
    // Name, time, team and kind also come by GET: "Show who is qualified" reloads the form with them.
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? StartsAt { get; set; }
    [BindProperty(SupportsGet = true)] public string? EndsAt { get; set; }
    /// <summary>One officer per line: "user name, duty" (duty optional).</summary>
    [BindProperty(SupportsGet = true)] public string? Team { get; set; }
    [BindProperty] public List<string> Assets { get; set; } = [];
    [BindProperty] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    /// <summary>The unit running the patrol; the form starts with the planner's own, and an emptied field means none.</summary>
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    /// <summary>The agency's units, offered while typing one.</summary>
    public List<string> Units { get; private set; } = [];

    public OperationView? Operation { get; private set; }
    public List<Asset> AvailableAssets { get; private set; } = [];
    public List<PatrolView> Patrols { get; private set; } = [];
    /// <summary>Refusal reasons by form section (name, time, team, assets, area, other), team lines named as the planner wrote them.</summary>
    public FormRefusals Refusals => new(ModelState, Section, f => Label(f, _team));
    private List<TeamMemberInput> _team = [];
    public PatrolView? Planned { get; private set; }
    /// <summary>The agency's patrol kinds to plan as (their needed qualifications are checked on saving).</summary>
    public List<PatrolKindView> Kinds { get; private set; } = [];
    /// <summary>On a plan that went through: members lacking a qualification the patrol needs, where its source warns.</summary>
    public List<string> Warnings { get; } = [];
    /// <summary>For the form's kind and time: each qualification the patrol would need and who of the planner's agency holds it throughout.</summary>
    public WhoIsQualifiedView? Qualified { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var start = clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(6);
        StartsAt ??= start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        EndsAt ??= start.AddHours(8).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        if (!Request.Query.ContainsKey("unit") && Actor.FromPrincipal(User).UserId is { } me)
        {
            Unit = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.Unit).FirstOrDefaultAsync(ct);
        }
        await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        var start = ModelState.UtcTime(StartsAt, "startsAt", "2026-11-23 06:00");
        var end = ModelState.UtcTime(EndsAt, "endsAt", "2026-11-23 06:00");
        var area = ModelState.Json(Area, "area", text);
        var team = _team = (Team ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new TeamMemberInput(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null)).ToList();
        if (Refusals.Count == 0)
        {
            Planned = await OperationPlanning.PlanPatrolAsync(db, policy.Actor, policy, id, new PatrolInput(Name, area, start, end, team, Assets.ToArray(), Kind: string.IsNullOrWhiteSpace(Kind) ? null : Kind, Unit: Unit ?? ""), rules, ct);
            foreach (var (field, messages) in text.SayFields(new ValidationFailed(Planned.WarningWordings)))
            {
                Warnings.AddRange(messages.Select(m => $"{Label(field, team)}: {m}"));
            }
            Name = null;
            Team = null;
            Assets = [];
            Area = null;
            Unit = Planned.Unit;
        }
        await LoadAsync(id, ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(this.RouteId(), ct);


    private static string Section(string field) => field switch
    {
        _ when field.StartsWith("team", StringComparison.Ordinal) => "team",
        _ when field.StartsWith("assets", StringComparison.Ordinal) => "assets",
        _ when field.StartsWith("area", StringComparison.Ordinal) || field.StartsWith("coordinates", StringComparison.Ordinal) || field.StartsWith("type", StringComparison.Ordinal) => "area",
        "startsAt" or "endsAt" => "time",
        "name" => "name",
        "kind" => "kind",
        "unit" => "unit",
        _ => "other",
    };

    /// <summary>"team[1].duty" reads as "line 2 (pca.officer), duty" on the form.</summary>
    private static string Label(string field, List<TeamMemberInput> team)
    {
        var m = System.Text.RegularExpressions.Regex.Match(field, @"^(team|assets)\[(\d+)\](?:\.(\w+))?$");
        if (!m.Success)
        {
            return field;
        }
        var i = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var who = m.Groups[1].Value == "team" && i < team.Count ? $" ({team[i].User})" : "";
        return $"{(m.Groups[1].Value == "team" ? "team line" : "asset")} {i + 1}{who}{(m.Groups[3].Success ? ", " + m.Groups[3].Value : "")}";
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var policy = await AccessPolicy.ForAsync(db, Actor.FromPrincipal(User), RequestPurpose.Of(HttpContext), ct: ct);
        var operation = await OperationPlanning.ReadableAsync(db, policy, id, ct);
        Operation = await OperationPlanning.ViewAsync(db, operation, ct);
        var participants = await db.Agencies.AsNoTracking().Where(a => operation.Participants.Contains(a.Code)).Select(a => a.Id).ToListAsync(ct);
        // Asset codes and kinds of the participants, as far as the reader may see them (assets are shared under agreements):
        // what a planner picks from (the bookings are checked on saving).
        AvailableAssets = await policy.Filter(db.Assets.AsNoTracking(), RecordTypes.Asset).Where(a => participants.Contains(a.OwningAgencyId)).OrderBy(a => a.Code).ToListAsync(ct);
        Patrols = await OperationPlanning.PatrolsAsync(db, policy, id, ct: ct);
        Kinds = policy.Actor.AgencyId is null ? [] : await PatrolKinds.ListAsync(db, policy.Actor, ct);
        Units = policy.Actor.AgencyId is { } agency ? await Identity.Units.OfAgencyAsync(db, agency, ct) : [];
        // The list follows the form as it stands; a time not yet typed right shows the operation's period, an unknown kind none.
        if (policy.Actor.AgencyId is not null)
        {
            var (from, until) = (Utc(StartsAt), Utc(EndsAt));
            if (from is null || until is null || until <= from)
            {
                (from, until) = (null, null);
            }
            Qualified = await QualificationNeeds.WhoIsQualifiedAsync(db, policy, id, Kinds.Any(k => k.Name == Kind) ? Kind : null, from, until, ct);
        }
    }

    private static DateTimeOffset? Utc(string? text)
        => DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
