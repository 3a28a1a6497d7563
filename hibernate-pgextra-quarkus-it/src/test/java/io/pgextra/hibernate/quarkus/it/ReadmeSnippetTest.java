package io.pgextra.hibernate.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * README's Quarkus snippet is this application's {@link Inventory}, text for text: what the tests run is what
 * users copy. (A plain JUnit test: no Quarkus boot.)
 */
class ReadmeSnippetTest {

	static final String MARKER = "<!-- snippet: none (run by hibernate-pgextra-quarkus-it: Inventory) -->";

	@Test
	void readmeQuarkusSnippetIsInventoryJava() throws IOException {
		String readme = Files.readString( Path.of( "..", "README.md" ) );
		int marker = readme.indexOf( MARKER );
		assertThat( marker ).as( "README.md has the marker " + MARKER ).isNotNegative();
		String fence = "```java\n";
		int start = readme.indexOf( fence, marker );
		assertThat( readme.substring( marker + MARKER.length(), start ) ).as( "the fence right after the marker" ).isBlank();
		start += fence.length();
		int end = readme.indexOf( "```\n", start );
		String snippet = readme.substring( start, end );
		String source = Files.readString(
				Path.of( "src", "main", "java", "io", "pgextra", "hibernate", "quarkus", "it", "Inventory.java" ) );
		assertThat( snippet ).isEqualTo( source );
	}
}
