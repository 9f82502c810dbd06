using Cordon.Common;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

/// <summary>What the case pages share: the actor, the policy for the session's purpose, and refusals shown on the form.</summary>
public abstract class CasePage(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    /// <summary>The pages' text, for the derived pages too.</summary>
    protected IStringLocalizer<UiText> Text => text;

    protected CordonDb Db => db;

    [TempData]
    public string? Message { get; set; }

    public Actor Me => Actor.FromPrincipal(User);

    protected Task<AccessPolicy> PolicyAsync(CancellationToken ct) => AccessPolicy.ForAsync(db, Me, RequestPurpose.Of(HttpContext), ct: ct);

    /// <summary>
    /// Runs a change in one unit of work and redirects (post/redirect/get) with a message. A refusal rolls the whole
    /// change back and <see cref="RefusalsOnTheForm"/> shows it on the page, loaded again by <paramref name="reload"/>.
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(Func<Task<string>> change, Func<Task> reload)
    {
        _reload = reload;
        // One user action, one unit of work: a form that makes several changes (a seizure and its photos) is
        // stored whole or not at all, and the refusal stays on the form.
        await using (var work = await db.Database.BeginTransactionAsync(HttpContext.RequestAborted))
        {
            Message = await change();
            await work.CommitAsync(HttpContext.RequestAborted);
        }
        return RedirectToPage();
    }

    private Func<Task>? _reload;

    public Task ReloadAsync(CancellationToken ct) => _reload?.Invoke() ?? Task.CompletedTask;

    /// <summary>Reads through the policy; a denial shows the reason instead of the record.</summary>
    protected async Task<IActionResult> ReadAsync(Func<Task> load)
    {
        try
        {
            await load();
            return Page();
        }
        catch (NotFound)
        {
            return NotFound();
        }
        catch (Forbidden e)
        {
            Denied = text.Say(e);
            return Page();
        }
    }

    public string? Denied { get; protected set; }
}
