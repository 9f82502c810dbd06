using Cordon.Identity;
using Cordon.Reference;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Server.Pages;

public sealed class IndexModel(CordonDb db, ReferenceData reference) : PageModel
{
    public int Agencies { get; private set; }
    public int UsersInAgency { get; private set; }
    public int Subheadings { get; private set; }
    public int Ports { get; private set; }
    public string AgencyName { get; private set; } = "";
    public string AgencyCode { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == actor.AgencyId, ct);
        AgencyName = agency.Name;
        AgencyCode = agency.Code;
        Agencies = await db.Agencies.CountAsync(ct);
        UsersInAgency = await db.Users.CountAsync(u => u.AgencyId == actor.AgencyId, ct);
        Subheadings = reference.Hs.Entries.Count(e => e.Level == 6);
        Ports = reference.Ports.All.Count;
    }
}
