using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AlertAudience : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data: a condition alert's audience becomes its recipient list (one audience mechanism, AlertAudience).
            Cordon.Alerting.AlertAudience.MigrateUp(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "AudienceAgencyId",
                table: "alerts");

            migrationBuilder.AddColumn<string>(
                name: "Band",
                table: "alerts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferredTo",
                table: "alerts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Band",
                table: "alert_subscriptions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReferredTo",
                table: "alert_subscriptions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Band",
                table: "alert_conditions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Band",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "ReferredTo",
                table: "alerts");

            migrationBuilder.DropColumn(
                name: "Band",
                table: "alert_subscriptions");

            migrationBuilder.DropColumn(
                name: "ReferredTo",
                table: "alert_subscriptions");

            migrationBuilder.DropColumn(
                name: "Band",
                table: "alert_conditions");

            migrationBuilder.AddColumn<Guid>(
                name: "AudienceAgencyId",
                table: "alerts",
                type: "TEXT",
                nullable: true);

            Cordon.Alerting.AlertAudience.MigrateDown(migrationBuilder, postgres: false);
        }
    }
}
