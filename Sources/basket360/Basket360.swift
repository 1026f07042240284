import ArgumentParser
import Foundation
import Ingest
import Analytics
import Logging
import Pipeline
import PostgresClient
import Warehouse

@main
struct Basket360: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "basket360",
    abstract: "Retail analytics warehouse: raw transactions in, a PostgreSQL star schema and models out.",
    discussion: """
      Connection: --database, else BASKET360_DATABASE_URL, else the standard libpq variables
      (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE) and ~/.pgpass.

      Exit codes: 0 success; 64 usage; 65 bad input data or mapping; 66 input file missing;
      69 database unreachable; 70 database statement or internal failure; 75 another run holds
      the lock (--no-wait); 78 warehouse not initialised (run `basket360 init`).
      """,
    version: "0.1.0",
    subcommands: [Init.self, Ingest.self, Model.self, Run.self, Status.self, Generate.self])
}

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: "libpq connection string or URI (default: BASKET360_DATABASE_URL, then PG* variables).")
  var database: String?

  @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
  var logLevel: Logger.Level = .notice

  func validate() throws {}

  var conninfo: String {
    database ?? ProcessInfo.processInfo.environment["BASKET360_DATABASE_URL"] ?? ""
  }

  func makeLogger() -> Logger {
    let level = logLevel
    LoggingSystem.bootstrap { label in
      var handler = StreamLogHandler.standardError(label: label)
      handler.logLevel = level
      return handler
    }
    return Logger(label: "basket360")
  }

  /// Connects, mapping failure to exit code 69 with libpq's message (which never holds the password).
  func connect() throws -> Connection {
    do {
      return try Connection(conninfo)
    } catch let error as PipelineError {
    FileHandle.standardError.write(Data("basket360: error: \(error.message)\n".utf8))
    throw ExitCode(CLIError.Code.dataError.rawValue)
  } catch let error as FitError {
    FileHandle.standardError.write(Data("basket360: error: model fit failed: \(error)\n".utf8))
    throw ExitCode(CLIError.Code.software.rawValue)
  } catch let error as PostgresError {
      throw CLIError(.unavailable, "cannot connect to PostgreSQL: \(error.message)")
    }
  }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Options of the commands that change the warehouse.
struct WarehouseOptions: ParsableArguments {
  @Option(help: "Config directory (default: BASKET360_CONFIG, ./config, or the checkout's config/).")
  var config: String?

  @Flag(inversion: .prefixedNo, help: "Wait for another run holding the warehouse lock (else exit 75).")
  var wait = true
}

/// Checks an `--as-of` value: a calendar date written yyyy-mm-dd.
func validateAsOf(_ asOf: String?) throws {
  guard let asOf else { return }
  guard asOf.count == 10, let date = DateParser().parse(asOf), date.hour == 0, date.minute == 0 else {
    throw ValidationError("--as-of '\(asOf)' is not a date of the form yyyy-mm-dd")
  }
}

/// A failure with the exit code the command ends with.
struct CLIError: Error, CustomStringConvertible {
  enum Code: Int32 {
    case dataError = 65, noInput = 66, unavailable = 69, software = 70, tempFail = 75, config = 78
  }
  let code: Code
  let message: String
  init(_ code: Code, _ message: String) {
    self.code = code
    self.message = message
  }
  var description: String { message }
}

/// Runs a command body, turning library errors into a message on stderr and an exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as CLIError {
    FileHandle.standardError.write(Data("basket360: error: \(error.message)\n".utf8))
    throw ExitCode(error.code.rawValue)
  } catch let error as InputError {
    FileHandle.standardError.write(Data("basket360: error: \(error.description)\n".utf8))
    throw ExitCode(error.code == .notFound ? CLIError.Code.noInput.rawValue : CLIError.Code.dataError.rawValue)
  } catch let error as WarehouseError {
    FileHandle.standardError.write(Data("basket360: error: \(error.message)\n".utf8))
    let code: CLIError.Code =
      switch error.code {
      case .locked: .tempFail
      case .notInitialised: .config
      case .invariant: .software
      }
    throw ExitCode(code.rawValue)
  } catch let error as PipelineError {
    FileHandle.standardError.write(Data("basket360: error: \(error.message)\n".utf8))
    throw ExitCode(CLIError.Code.dataError.rawValue)
  } catch let error as FitError {
    FileHandle.standardError.write(Data("basket360: error: model fit failed: \(error)\n".utf8))
    throw ExitCode(CLIError.Code.software.rawValue)
  } catch let error as PostgresError {
    // The debug description holds detail, hint and statement: what an operator needs.
    FileHandle.standardError.write(Data("basket360: error: \(error.debugDescription)\n".utf8))
    throw ExitCode(error.kind == .connection ? CLIError.Code.unavailable.rawValue : CLIError.Code.software.rawValue)
  }
}

func printJSON<T: Encodable>(_ value: T) throws {
  let encoder = JSONEncoder()
  encoder.keyEncodingStrategy = .convertToSnakeCase
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Fails unless every shipped migration has been applied.
func requireInitialised(_ db: Connection) throws {
  let applied = Set(try Migrator.appliedVersions(db))
  let shipped = Migrator.bundled().map(\.version)
  if applied.isEmpty { throw WarehouseError.notInitialised }
  let pending = shipped.filter { !applied.contains($0) }
  if !pending.isEmpty {
    throw CLIError(.config, "the warehouse needs migrations \(pending.joined(separator: ", ")): run `basket360 init`")
  }
}
