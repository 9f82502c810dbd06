using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OperationsPlanning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Recipients",
                table: "alerts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sensor_feed_versions",
                columns: table => new
                {
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    Marking = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sensor_feed_versions", x => x.OwningAgencyId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sensor_detections_OwningAgencyId_ObservedAt",
                table: "sensor_detections",
                columns: new[] { "OwningAgencyId", "ObservedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sensor_feed_versions");

            migrationBuilder.DropIndex(
                name: "IX_sensor_detections_OwningAgencyId_ObservedAt",
                table: "sensor_detections");

            migrationBuilder.DropColumn(
                name: "Recipients",
                table: "alerts");
        }
    }
}
