package io.pgextra.hibernate.test.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java snippets of README.md, each with the marker that says what the build does with it. A marker is an HTML
 * comment on the last non-blank line before the fence (invisible on GitHub):
 * <ul>
 * <li>{@code <!-- snippet: core/entities -->}: type declarations (entities), compiled as one compilation unit;</li>
 * <li>{@code <!-- snippet: core/run -->}: statements, run in README order as one method, in one transaction, with
 * {@code entityManagerFactory} and {@code entityManager} in scope (the story: later snippets use what earlier ones
 * declared);</li>
 * <li>{@code <!-- snippet: core/throws ExceptionName -->}: statements run alone, in a transaction of their own that is
 * rolled back, with {@code entityManagerFactory}, {@code entityManager} and {@code pg} in scope; they must fail with
 * an exception of that simple name (anywhere in the cause chain); {@code core/throws ConstraintViolationException name}
 * also checks the violated constraint's name;</li>
 * <li>{@code <!-- snippet: spring (...) -->}: the Spring Boot section, checked by hibernate-pgextra-spring-boot's
 * {@code ReadmeSpringSnippetsTest} (verbatim in the sources its {@code @SpringBootTest} runs);</li>
 * <li>{@code <!-- snippet: none (reason) -->}: not run, for the reason given.</li>
 * </ul>
 * Lines starting with {@code import} in a statement snippet become imports of the generated program.
 */
record ReadmeSnippets(Path readme, List<Snippet> snippets, List<Integer> unmarked) {

	/** One fenced Java block: its marker's kind and argument, the line of its first code line, its code. */
	record Snippet(String kind, String argument, int line, List<String> code) {
	}

	private static final Pattern FENCE = Pattern.compile( "^(\\s*)```java\\s*$" );
	private static final Pattern MARKER = Pattern.compile( "^\\s*<!--\\s*snippet:\\s*(\\S+)\\s*(.*?)\\s*-->\\s*$" );

	static ReadmeSnippets read() {
		// failsafe runs in the module's directory; README.md is the project's
		Path readme = Path.of( "..", "README.md" ).toAbsolutePath().normalize();
		List<String> lines;
		try {
			lines = Files.readAllLines( readme, StandardCharsets.UTF_8 );
		}
		catch (IOException e) {
			throw new UncheckedIOException( "cannot read " + readme, e );
		}
		List<Snippet> snippets = new ArrayList<>();
		List<Integer> unmarked = new ArrayList<>();
		for ( int i = 0; i < lines.size(); i++ ) {
			Matcher fence = FENCE.matcher( lines.get( i ) );
			if ( !fence.matches() ) {
				continue;
			}
			String indent = fence.group( 1 );
			int start = i + 1;
			List<String> code = new ArrayList<>();
			for ( i = start; i < lines.size() && !lines.get( i ).trim().equals( "```" ); i++ ) {
				String line = lines.get( i );
				code.add( line.startsWith( indent ) ? line.substring( indent.length() ) : line.strip() );
			}
			Matcher marker = MARKER.matcher( previousNonBlank( lines, start - 1 ) );
			if ( !marker.matches() ) {
				unmarked.add( start );
				continue;
			}
			snippets.add( new Snippet( marker.group( 1 ), marker.group( 2 ), start + 1, List.copyOf( code ) ) );
		}
		return new ReadmeSnippets( readme, List.copyOf( snippets ), List.copyOf( unmarked ) );
	}

	List<Snippet> ofKind(String kind) {
		return snippets.stream().filter( s -> s.kind().equals( kind ) ).toList();
	}

	private static String previousNonBlank(List<String> lines, int fenceIndex) {
		for ( int i = fenceIndex - 1; i >= 0; i-- ) {
			if ( !lines.get( i ).isBlank() ) {
				return lines.get( i );
			}
		}
		return "";
	}
}
