namespace Cordon.Common;

/// <summary>What is kept of a file name a client sends: a name, never a path.</summary>
public static class FileNames
{
    /// <summary>
    /// The last segment after either separator (a browser on Windows may send a full path, and a
    /// backslash is a separator to whoever later saves the download there); null for no name, "." or "..",
    /// which would name a folder or its parent.
    /// </summary>
    public static string? Bare(string? clientName)
    {
        var name = (clientName ?? "").Trim();
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..].Trim();
        return name is "" or "." or ".." ? null : name;
    }
}
