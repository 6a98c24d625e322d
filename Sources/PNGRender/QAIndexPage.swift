import Foundation

/// The static `index.html` of a study's QA folder: the pictures with their captions, then a measurements
/// table. No JavaScript, no external resources (Content-Security-Policy ``contentSecurityPolicy``, as the cohort
/// dashboard's: nothing but the page's own images and inline style load); every caller-given string is
/// HTML-escaped, and the page holds only what the caller passes (never tag values of its own).
public struct QAIndexPage: Sendable {
    /// One picture on the page.
    public struct Figure: Sendable, Equatable {
        /// File name relative to the page (a name we generated, e.g. `overview-axial.png`).
        public var file: String
        /// Caption under the picture.
        public var caption: String
        /// A heading written before the figure, starting a new row of figures (`nil`: none).
        public var heading: String?
        /// Creates a figure.
        public init(file: String, caption: String, heading: String? = nil) {
            self.file = file
            self.caption = caption
            self.heading = heading
        }
    }

    /// Page heading (and `<title>`).
    public var title: String
    /// Pictures, in page order.
    public var figures: [Figure]
    /// Measurement rows (name, formatted value with unit), in table order.
    public var measurements: [(key: String, value: String)]

    /// Creates a page.
    public init(title: String, figures: [Figure], measurements: [(key: String, value: String)] = []) {
        self.title = title
        self.figures = figures
        self.measurements = measurements
    }

    /// The page's Content-Security-Policy: `default-src 'none'` with images from the page's own folder and
    /// inline style only (the cohort dashboard adds its inline script).
    public static let contentSecurityPolicy = "default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'"

    /// The page as UTF-8 HTML5 text.
    public var html: String {
        var h = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
        <title>\(Self.escape(title))</title>
        <style>
        body{background:#111;color:#eee;font-family:sans-serif;margin:1em}
        figure{display:inline-block;vertical-align:top;margin:0 1em 1em 0}
        img{image-rendering:pixelated;max-width:100%}
        table{border-collapse:collapse}td,th{border:1px solid #555;padding:.2em .6em;text-align:left}
        </style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>

        """
        for f in figures {
            if let heading = f.heading { h += "<h2>\(Self.escape(heading))</h2>\n" }
            h += "<figure><img src=\"\(Self.escape(f.file))\" alt=\"\(Self.escape(f.caption))\">"
            h += "<figcaption>\(Self.escape(f.caption))</figcaption></figure>\n"
        }
        if !measurements.isEmpty {
            h += "<h2>Measurements</h2>\n<table>\n<tr><th>measurement</th><th>value</th></tr>\n"
            for row in measurements {
                h += "<tr><td>\(Self.escape(row.key))</td><td>\(Self.escape(row.value))</td></tr>\n"
            }
            h += "</table>\n"
        }
        return h + "</body>\n</html>\n"
    }

    /// Writes the page as `index.html` in `folder` (atomically) and returns its URL.
    public func write(into folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("index.html")
        do {
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw PNGRenderError.writeFailed(path: url.path, reason: String(describing: error))
        }
        return url
    }

    /// Escapes `& < > " '` for HTML text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
