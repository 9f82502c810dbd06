using System.Security.Cryptography.X509Certificates;
using Cordon.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Cordon.Server;

/// <summary>
/// The keys that protect session cookies and antiforgery tokens live in the database, so every server
/// node shares them. An operator who names a certificate gets them encrypted at rest; without one, the
/// framework's "no XML encryptor" warning on every new key is replaced by one line at start saying so.
/// </summary>
internal static class DataProtectionKeys
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var keys = services.AddDataProtection().SetApplicationName("Cordon").PersistKeysToDbContext<CordonDb>();
        var path = configuration["Cordon:DataProtection:CertificatePath"];
        if (!string.IsNullOrEmpty(path))
        {
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Cordon:DataProtection:CertificatePassword"]));
            return;
        }
        services.AddLogging(l => l.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        services.AddHostedService<UnencryptedKeysNotice>();
    }

    private sealed class UnencryptedKeysNotice(ILogger<UnencryptedKeysNotice> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            log.LogInformation("Cookie and antiforgery keys are stored in the database unencrypted; set Cordon:DataProtection:CertificatePath to encrypt them at rest.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
