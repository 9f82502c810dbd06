using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PatrolRoutes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CrossingPoints",
                table: "watched_areas",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "LoiterMinutes",
                table: "watched_areas",
                type: "REAL",
                nullable: false,
                defaultValue: 10.0);

            migrationBuilder.AddColumn<double>(
                name: "LoiterRadiusMetres",
                table: "watched_areas",
                type: "REAL",
                nullable: false,
                defaultValue: 200.0);

            migrationBuilder.AddColumn<double>(
                name: "LowSlowMaxAltitude",
                table: "watched_areas",
                type: "REAL",
                nullable: false,
                defaultValue: 150.0);

            migrationBuilder.AddColumn<double>(
                name: "LowSlowMaxSpeed",
                table: "watched_areas",
                type: "REAL",
                nullable: false,
                defaultValue: 25.0);

            migrationBuilder.AddColumn<int>(
                name: "Patterns",
                table: "watched_areas",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<Guid>(
                name: "LastDetectionId",
                table: "sensor_tracks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PatternState",
                table: "sensor_tracks",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Pattern",
                table: "incidents",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TriggerDetections",
                table: "incidents",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CrossingPoints",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "LoiterMinutes",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "LoiterRadiusMetres",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "LowSlowMaxAltitude",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "LowSlowMaxSpeed",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "Patterns",
                table: "watched_areas");

            migrationBuilder.DropColumn(
                name: "LastDetectionId",
                table: "sensor_tracks");

            migrationBuilder.DropColumn(
                name: "PatternState",
                table: "sensor_tracks");

            migrationBuilder.DropColumn(
                name: "Pattern",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "TriggerDetections",
                table: "incidents");
        }
    }
}
