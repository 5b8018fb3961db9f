import Foundation

/// Linux process facts the benchmark reports: resident memory and CPU affinity.
enum ProcessResources {
    /// A `/proc/self/status` field in kilobytes (`VmRSS`, `VmHWM`).
    static func statusKilobytes(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
        }
        return 0
    }

    /// The CPUs this process may run on, as the kernel lists them ("0", "0-1").
    static var allowedCPUs: String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "?" }
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }
        return line.map { String($0.dropFirst("Cpus_allowed_list:".count)).trimmingCharacters(in: .whitespaces) } ?? "?"
    }

    /// Runs this program again under `taskset -c cpu` unless it is already confined to that CPU, so
    /// every figure (and the libxmlsec1 child, which inherits the affinity) comes from one core.
    /// Glibc's `sched_setaffinity` is hidden behind _GNU_SOURCE, which Swift's Glibc module lacks.
    static func pinOrReexec(cpu: Int) {
        guard allowedCPUs != String(cpu) else { return }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset") else { return }
        let arguments =
            ["/usr/bin/taskset", "-c", String(cpu)] + [Bundle.main.executablePath ?? CommandLine.arguments[0]]
            + CommandLine.arguments.dropFirst()
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv("/usr/bin/taskset", cArguments)
        // execv returns only on failure; continue unpinned and say so in the report.
    }
}
