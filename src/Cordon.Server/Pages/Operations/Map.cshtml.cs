using Cordon.Sharing;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Operations;

public sealed class MapModel(IConfiguration configuration) : PageModel
{
    public string Purpose { get; private set; } = "";
    public string? TileUrl { get; private set; }

    public void OnGet()
    {
        Purpose = RequestPurpose.Of(HttpContext).Name();
        TileUrl = string.IsNullOrWhiteSpace(configuration["Operations:TileUrl"]) ? null : configuration["Operations:TileUrl"];
    }
}
