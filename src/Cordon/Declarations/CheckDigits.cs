namespace Cordon.Declarations;

/// <summary>Check digits of identifiers that carry one.</summary>
public static class CheckDigits
{
    /// <summary>
    /// ISO 6346 container number: owner code (3 letters), category (U, J or Z), 6-digit serial, check
    /// digit. Letters count 10–38 skipping multiples of 11; position i weighs 2^i; sum mod 11 mod 10.
    /// </summary>
    public static bool IsValidContainerNumber(string? number)
    {
        if (number is not { Length: 11 })
        {
            return false;
        }
        for (var i = 0; i < 4; i++)
        {
            if (!char.IsAsciiLetterUpper(number[i]))
            {
                return false;
            }
        }
        if (number[3] is not ('U' or 'J' or 'Z'))
        {
            return false;
        }
        for (var i = 4; i < 11; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
        }
        return ContainerCheckDigit(number.AsSpan(0, 10)) == number[10] - '0';
    }

    public static int ContainerCheckDigit(ReadOnlySpan<char> first10)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var c = first10[i];
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
            }
            else
            {
                // A=10, then +1 per letter, skipping 11, 22 and 33.
                value = 10 + (c - 'A');
                value += (value - 1) / 10; // 11→12 … the classic table: A10 B12 … K21 L23 … U32 V34 …
            }
            sum += value << i;
        }
        return sum % 11 % 10;
    }

    /// <summary>IMO ship number: 7 digits, the last is the sum of the first six weighted 7…2, mod 10. "IMO " prefix allowed.</summary>
    public static bool IsValidImoNumber(string? number)
    {
        if (number is null)
        {
            return false;
        }
        var s = number.StartsWith("IMO", StringComparison.OrdinalIgnoreCase) ? number[3..].TrimStart() : number;
        if (s.Length != 7 || !s.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (s[i] - '0') * (7 - i);
        }
        return sum % 10 == s[6] - '0';
    }
}
