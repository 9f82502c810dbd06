using Cordon.Operations;
using Cordon.Resources;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Operations;

/// <summary>Edits an operation and moves its status, by the rules the API enforces; refusals beside the fields they concern.</summary>
public sealed class EditModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : OperationFormModel(db, clock, text), IShowsRefusals
{
    [BindProperty] public string? NewStatus { get; set; }
    [BindProperty(SupportsGet = true)] public bool Created { get; set; }

    public OperationView? Operation { get; private set; }
    public bool IsLead { get; private set; }
    public string? Message { get; private set; }
    /// <summary>Beside the status buttons when a status change was refused for reasons shown at other fields.</summary>
    public string? StatusNote { get; private set; }
    /// <summary>The qualifications every member of a patrol in the operation needs (set by the lead).</summary>
    [BindProperty] public List<string> NeedKinds { get; set; } = [];
    [BindProperty] public bool NeedsRefuse { get; set; }
    /// <summary>Each qualification a patrol here needs (the operation's and the procedures'), with who of the reader's agency holds it through the period.</summary>
    public WhoIsQualifiedView? Qualified { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Fill(Operation!);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        Created = false;
        if (Input(null) is { } input)
        {
            await OperationLifecycle.UpdateAsync(Db, ActorOf(this), id, input, Clock.GetUtcNow(), ct);
            Message = Text["Operation saved."];
        }
        await LoadAsync(id, ct);
        if (Refusals.Count == 0)
        {
            Fill(Operation!);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        Created = false;
        var view = await OperationLifecycle.ChangeStatusAsync(Db, ActorOf(this), id, NewStatus, Clock.GetUtcNow(), ct);
        Message = Text["Operation {0}.", Text.Code("operation-status", view.Status.ToString().ToLowerInvariant())];
        await LoadAsync(id, ct);
        Fill(Operation!);
        return Page();
    }

    public async Task<IActionResult> OnPostNeedsAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        Created = false;
        await QualificationNeeds.SetForOperationAsync(Db, ActorOf(this), id, new NeedsInput(NeedKinds.ToArray(), NeedsRefuse), ct);
        Message = Text["Qualifications needed saved."];
        await LoadAsync(id, ct);
        Fill(Operation!);
        return Page();
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await LoadAsync(this.RouteId(), ct);
        if (NewStatus is not null)
        {
            // A refused status change: the reasons stand beside the fields they concern (legal basis, period); the status panel says what was refused.
            StatusNote = Text["Not {0}: see the reasons beside the fields below.", Text.Code("operation-status", NewStatus)];
            Fill(Operation!);
        }
    }

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        var operation = await OperationPlanning.ReadableAsync(Db, policy, id, ct);
        Operation = await OperationPlanning.ViewAsync(Db, operation, ct);
        IsLead = policy.Actor.AgencyId == operation.OwningAgencyId;
        NeedKinds = [.. operation.Needs];
        NeedsRefuse = operation.NeedsRefuse;
        Qualified = policy.Actor.AgencyId is null ? null : await QualificationNeeds.WhoIsQualifiedAsync(Db, policy, id, null, null, null, ct);
        await LoadChoicesAsync(operation.OwningAgencyId, ct);
    }
}
