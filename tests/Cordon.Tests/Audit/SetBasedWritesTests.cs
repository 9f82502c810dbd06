using System.Text.RegularExpressions;
using Cordon.Audit;

namespace Cordon.Tests.Audit;

/// <summary>
/// ExecuteUpdate and ExecuteDelete write past the change tracker, where the store's own audit cannot see them:
/// every table written that way must be listed in <see cref="AuditedChanges.SetBasedWrites"/> with who audits the
/// write instead (or why it needs no entry), so a new set-based write on an owned record is a decision, not an omission.
/// </summary>
public sealed partial class SetBasedWritesTests
{
    [Fact]
    public void Every_set_based_write_in_the_source_names_a_table_listed_with_its_audit()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Cordon.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Cordon.slnx not found above the test binaries.");
        }
        var found = new List<(string Where, string Table)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match call in Execute().Matches(text))
            {
                // The statement the call ends: from the last ';', '{' or '}' before it.
                var start = text.LastIndexOfAny([';', '{', '}'], call.Index) + 1;
                var statement = text[start..call.Index];
                var table = Table().Matches(statement).LastOrDefault()?.Groups[1].Value ?? "(no table found)";
                var line = text[..call.Index].Count(c => c == '\n') + 1;
                found.Add(($"{Path.GetRelativePath(root.FullName, file)}:{line}", table));
            }
        }
        Assert.True(found.Count >= 10, $"only {found.Count} set-based writes found: the search no longer sees them");
        var unlisted = found.Where(f => !AuditedChanges.SetBasedWrites.ContainsKey(f.Table)).Select(f => $"{f.Where} writes {f.Table}").ToList();
        Assert.True(unlisted.Count == 0, "set-based writes to tables not in AuditedChanges.SetBasedWrites:\n" + string.Join("\n", unlisted));
        var stale = AuditedChanges.SetBasedWrites.Keys.Where(t => found.All(f => f.Table != t)).ToList();
        Assert.True(stale.Count == 0, "listed tables no code writes set-based any more: " + string.Join(", ", stale));
    }

    [GeneratedRegex(@"\.Execute(Update|Delete)(Async)?\(")]
    private static partial Regex Execute();

    [GeneratedRegex(@"\bdb\.(\w+)\b")]
    private static partial Regex Table();
}
