using Cordon.Identity;
using Cordon.Risk.Criteria;
using Cordon.Risk.Language;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Risk;

/// <summary>Writes a new criterion or a new version of one; "Check" shows parse and type errors with their positions without saving.</summary>
public sealed class CriterionModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Expression { get; set; }
    [BindProperty] public double? Weight { get; set; }
    [BindProperty] public string? Lane { get; set; }
    [BindProperty] public string? ReferTo { get; set; }
    [BindProperty] public DateOnly? ValidFrom { get; set; }
    [BindProperty] public DateOnly? ValidTo { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? Marking { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? ExpectedVersion { get; set; }
    /// <summary>What a new criterion judges ("declaration" or "traveller", from the list's two "New" links); fixed once created.</summary>
    [BindProperty(SupportsGet = true)] public string? Subject { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public bool CanWrite => (Actor.Roles & CriterionRules.Writers) != 0;
    public CriterionView? Current { get; private set; }
    public bool ForTravellers => string.Equals(Current?.Subject ?? Subject, CriterionRules.SubjectName(CriterionSubject.Traveller), StringComparison.OrdinalIgnoreCase);
    public RiskSchema Schema => CriterionRules.Schema(ForTravellers ? CriterionSubject.Traveller : CriterionSubject.Declaration);
    public ExpressionCheck? Check { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<AgencyView> Agencies { get; private set; } = [];
    public IEnumerable<string> AllowedStatuses => Enum.GetValues<CriterionStatus>()
        .Where(s => Current is null ? s != CriterionStatus.Retired : CriterionRules.CanMove(Current.Status, s))
        .Select(s => s.ToString().ToLowerInvariant());

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct, fill: true);
        }
        catch (Common.NotFound)
        {
            // Another agency's criterion is as absent as one that does not exist.
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        await LoadAsync(ct, fill: false);
        Check = RiskExpression.Check(Expression ?? "", Schema);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        CriterionView saved;
        if (Id is { } id)
        {
            var clear = new List<string>();
            if (Weight is null) { clear.Add("weight"); }
            if (string.IsNullOrEmpty(Lane)) { clear.Add("lane"); }
            if (string.IsNullOrEmpty(ReferTo)) { clear.Add("referTo"); }
            if (ValidFrom is null) { clear.Add("validFrom"); }
            if (ValidTo is null) { clear.Add("validTo"); }
            saved = await RiskCriteria.UpdateAsync(db, Actor, id, new CriterionRequest(Name, Expression, Description ?? "", Weight, NullIfEmpty(Lane),
                NullIfEmpty(ReferTo), ValidFrom, ValidTo, NullIfEmpty(Status), NullIfEmpty(Marking), null, ExpectedVersion, Note, clear.ToArray()), ct);
        }
        else
        {
            saved = await RiskCriteria.CreateAsync(db, Actor, new CriterionRequest(Name, Expression, Description, Weight, NullIfEmpty(Lane),
                NullIfEmpty(ReferTo), ValidFrom, ValidTo, NullIfEmpty(Status), NullIfEmpty(Marking), null, null, Note, Subject: NullIfEmpty(Subject)), ct);
        }
        TempData["message"] = text["Saved '{0}' as version {1} ({2}).", saved.Name, saved.Version, text.Code("criterion", saved.Status.ToString().ToLowerInvariant())].Value;
        return Redirect($"/risk/criteria/edit/{saved.Id}");
    }

    /// <summary>After a refused save: the form as entered; expression errors with their caret excerpts, as "Check" shows them.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        await LoadAsync(ct, fill: false);
        if (ModelState.TryGetValue("expression", out var expression) && expression.Errors.Count > 0)
        {
            Check = RiskExpression.Check(Expression ?? "", Schema);
        }
    }

    private async Task LoadAsync(CancellationToken ct, bool fill)
    {
        Message = TempData["message"] as string;
        Agencies = await AgencyAdministration.ListAsync(db, ct);
        if (Id is not { } id)
        {
            Status ??= "draft";
            return;
        }
        Current = await RiskCriteria.GetAsync(db, Actor, id, ct);
        if (fill)
        {
            Name = Current.Name;
            Description = Current.Description;
            Expression = Current.Expression;
            Weight = Current.Weight;
            Lane = Current.Lane;
            ReferTo = Current.ReferTo;
            ValidFrom = Current.ValidFrom;
            ValidTo = Current.ValidTo;
            Status = Current.Status.ToString().ToLowerInvariant();
            Marking = Current.Marking;
            ExpectedVersion = Current.Version;
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
