using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Cordon.Server.Ui;

/// <summary>
/// Sorting and paging for server-rendered tables, carried in the query string (?sort=name&amp;desc=1&amp;page=2)
/// so that links work without JavaScript and a page can be bookmarked. Read from the query string itself,
/// never through model binding: Razor Pages has a route value named "page" (the page's path), which would
/// win over ?page=2 for a bound property of that name.
/// </summary>
public sealed class TableQuery
{
    public string Sort { get; }
    public bool Descending { get; }
    public int Page { get; }
    public int PageSize { get; }
    public int Total { get; private set; }
    private readonly IQueryCollection _query;
    private readonly string _path;

    public TableQuery(HttpRequest request, string defaultSort, int pageSize = 25, bool defaultDescending = false)
    {
        _query = request.Query;
        _path = request.Path;
        var sorted = !string.IsNullOrEmpty(request.Query["sort"]);
        Sort = sorted ? request.Query["sort"].ToString() : defaultSort;
        Descending = request.Query["desc"] == "1" || (defaultDescending && !sorted && request.Query["desc"] != "0");
        Page = int.TryParse(request.Query["page"], out var p) && p > 0 ? p : 1;
        PageSize = pageSize;
    }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>For a list the store pages itself: the number of rows it counted.</summary>
    public TableQuery Counted(int total)
    {
        Total = total;
        return this;
    }

    /// <summary>Sorts by the selected column (falling back to the default) and cuts out the current page.</summary>
    public IReadOnlyList<T> Apply<T>(IEnumerable<T> rows, IReadOnlyDictionary<string, Func<T, IComparable?>> columns)
    {
        var list = rows as IReadOnlyCollection<T> ?? rows.ToList();
        Total = list.Count;
        var key = columns.TryGetValue(Sort, out var k) ? k : columns.Values.First();
        var sorted = Descending ? list.OrderByDescending(key) : list.OrderBy(key);
        return sorted.Skip((Math.Min(Page, Pages) - 1) * PageSize).Take(PageSize).ToList();
    }

    public string SortLink(string column)
    {
        var desc = column == Sort && !Descending;
        return Link(new() { ["sort"] = column, ["desc"] = desc ? "1" : "0", ["page"] = null });
    }

    public string SortMark(string column) => column != Sort ? "" : Descending ? " ▼" : " ▲";

    public string AriaSort(string column) => column != Sort ? "none" : Descending ? "descending" : "ascending";

    /// <summary>A sortable column header: a link that sorts by the column, or reverses it when already sorted.</summary>
    public IHtmlContent Header(string column, string label)
    {
        var e = HtmlEncoder.Default;
        return new HtmlString($"<th aria-sort=\"{AriaSort(column)}\"><a href=\"{e.Encode(SortLink(column))}\">{e.Encode(label)}{SortMark(column)}</a></th>");
    }

    public string PageLink(int page) => Link(new() { ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private string Link(Dictionary<string, string?> changes)
    {
        var values = _query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        foreach (var (k, v) in changes)
        {
            values[k] = v;
        }
        var qs = string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value!)}"));
        return qs.Length == 0 ? _path : $"{_path}?{qs}";
    }
}
