using System.Text;

namespace Cordon.Common;

/// <summary>Enum values as the API and CLI spell them: kebab-case ("release-after-payment"); PascalCase is accepted too.</summary>
public static class EnumText
{
    public static string Kebab<T>(this T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var plain = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return !int.TryParse(plain, out _) && Enum.TryParse(plain, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => v.Kebab()));
}
