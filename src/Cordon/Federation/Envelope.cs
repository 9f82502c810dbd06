using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cordon.Audit;
using Cordon.Storage;
using Microsoft.Extensions.Configuration;

namespace Cordon.Federation;

/// <summary>
/// This installation's name and its federation signing key (Ed25519 through NSec, the library of the audit
/// checkpoints, in the same C2SP signed-note key format). The key lives in a file of the data directory
/// (Cordon:Federation:KeyFile), never in the database, for the same reason as the audit key: whoever can
/// rewrite the store must not also be able to speak for the installation. Created on first use.
/// </summary>
public sealed partial class Installation
{
    public string Name { get; }
    public AuditSigner Signer { get; }

    private Installation(string name, AuditSigner signer)
    {
        Name = name;
        Signer = signer;
    }

    [GeneratedRegex("^[a-z][a-z0-9.-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Installation names: lower-case letters, digits, dots and hyphens, starting with a letter (they appear in signed notes).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static Installation Load(IConfiguration configuration)
    {
        var name = configuration["Cordon:Federation:Installation"] is { Length: > 0 } n ? n : "cordon";
        if (!IsValidName(name))
        {
            throw new InvalidOperationException($"Cordon:Federation:Installation '{name}' must be lower-case letters, digits, dots or hyphens, starting with a letter.");
        }
        var file = configuration["Cordon:Federation:KeyFile"] is { Length: > 0 } f
            ? Path.GetFullPath(f)
            : Path.Combine(configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? Path.GetFullPath(d) : StorageSetup.DefaultDataDirectory, "federation-signing.key");
        return new Installation(name, AuditSigner.LoadOrCreate(file, name));
    }

    /// <summary>For tests and the benchmark: an installation with a key file of its own.</summary>
    public static Installation Create(string name, string keyFile) => new(name, AuditSigner.LoadOrCreate(keyFile, name));
}

/// <summary>A batch as it travels: the payload JSON exactly as signed, and the signed note that covers it.</summary>
public sealed record Envelope(string Payload, string Signature);

/// <summary>
/// The signed envelope. The signature is a C2SP signed note whose text is
/// <c>cordon-federation/v1 \n from \n to \n base64(SHA-256(payload bytes)) \n</c>, signed with the sender's
/// federation key. The receiver checks the signature with the key it was configured with for that sender,
/// that the note names it as the receiver, and that the payload hashes to the signed digest — before it
/// parses a byte of the payload. Signing the bytes as sent (not a re-serialisation) means no JSON
/// canonicalisation can differ between the two sides.
/// </summary>
public static class Envelopes
{
    public const string Format = "cordon-federation/v1";

    public static Envelope Seal(Installation from, string to, string payload)
    {
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        return new Envelope(payload, from.Signer.Sign($"{Format}\n{from.Name}\n{to}\n{digest}\n"));
    }

    /// <summary>The sender named in the note (unverified: only to find which key to verify with).</summary>
    public static string? ClaimedSender(Envelope envelope)
    {
        var lines = envelope.Signature.Split('\n');
        return lines.Length > 2 && lines[0] == Format ? lines[1] : null;
    }

    /// <summary>Null when the envelope is authentic and meant for <paramref name="to"/>; otherwise why not.</summary>
    public static string? Verify(Envelope envelope, NoteVerifier senderKey, string from, string to)
    {
        var text = senderKey.Open(envelope.Signature);
        if (text is null)
        {
            return $"The envelope is not signed with {from}'s federation key.";
        }
        var lines = text.Split('\n');
        if (lines.Length < 5 || lines[0] != Format)
        {
            return $"The signed note is not a {Format} envelope.";
        }
        if (lines[1] != from)
        {
            return $"The envelope was signed for sender '{lines[1]}', not '{from}'.";
        }
        if (lines[2] != to)
        {
            return $"The envelope is addressed to '{lines[2]}', not to this installation ('{to}').";
        }
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(envelope.Payload)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest), Encoding.ASCII.GetBytes(lines[3]))
            ? null
            : "The payload does not match the signed digest: it was altered in transit.";
    }
}
