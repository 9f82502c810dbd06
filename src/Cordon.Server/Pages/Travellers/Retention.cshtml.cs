using Cordon.Identity;
using Cordon.Storage;
using Cordon.Travellers;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Cordon.Server.Pages.Travellers;

/// <summary>The retention passes over traveller data (decision 030): what each masked, deleted and held, for operators (every agency) and an agency's reviewers (their own).</summary>
public sealed class RetentionModel(CordonDb db, IOptions<TravellerRetentionOptions> options) : PageModel
{
    public IReadOnlyList<RetentionRun> Runs { get; private set; } = [];
    public TravellerRetentionOptions Settings => options.Value;

    public async Task OnGetAsync(CancellationToken ct) => Runs = await TravellerRetention.RunsAsync(db, Actor.FromPrincipal(User), 100, ct);
}
