package io.pgextra.hibernate.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * README's "Spring Boot" blocks marked {@code <!-- snippet: spring -->} are the code that {@link ReadmeSpringBootTest}
 * runs: each block's lines appear, in order and one after the other, in one of this package's sources (or the
 * repository interface), so README cannot drift from what the Spring context runs. (The core module's
 * {@code ReadmeSnippetsTest} checks that every Java block of README is marked.)
 */
class ReadmeSpringSnippetsTest {

	private static final Pattern MARKER = Pattern.compile( "^\\s*<!--\\s*snippet:\\s*spring\\b.*-->\\s*$" );
	private static final Path SOURCES = Path.of( "src", "test", "java", "io", "pgextra", "hibernate", "spring" );
	private static final List<Path> RUN_BY = List.of( SOURCES.resolve( "readme/Inventory.java" ),
			SOURCES.resolve( "readme/ItemAudit.java" ), SOURCES.resolve( "readme/ReadmeSpringBootTest.java" ),
			SOURCES.resolve( "model/ItemRepository.java" ) );

	@Test
	void everySpringBlockOfReadmeIsInTheSourcesTheSpringTestRuns() throws IOException {
		List<String> readme = Files.readAllLines( Path.of( "..", "README.md" ), StandardCharsets.UTF_8 );
		List<List<String>> blocks = new ArrayList<>();
		for ( int i = 0; i < readme.size(); i++ ) {
			if ( MARKER.matcher( readme.get( i ) ).matches() ) {
				while ( !readme.get( i ).trim().equals( "```java" ) ) {
					i++;
				}
				List<String> block = new ArrayList<>();
				for ( i++; !readme.get( i ).trim().equals( "```" ); i++ ) {
					block.add( readme.get( i ) );
				}
				blocks.add( significant( block ) );
			}
		}
		assertThat( blocks ).as( "README blocks marked 'snippet: spring'" ).hasSizeGreaterThanOrEqualTo( 4 );
		List<List<String>> sources = new ArrayList<>();
		for ( Path source : RUN_BY ) {
			sources.add( significant( Files.readAllLines( source, StandardCharsets.UTF_8 ) ) );
		}
		for ( List<String> block : blocks ) {
			assertThat( sources.stream().anyMatch( source -> contains( source, block ) ) )
					.as( "README block, in one of %s:%n%s", RUN_BY, String.join( "\n", block ) )
					.isTrue();
		}
	}

	private static List<String> significant(List<String> lines) {
		return lines.stream().map( String::trim ).filter( l -> !l.isEmpty() ).toList();
	}

	/** @return whether the block's lines are, one after the other, in lines of the source (as a part of each) */
	private static boolean contains(List<String> source, List<String> block) {
		for ( int start = 0; start + block.size() <= source.size(); start++ ) {
			int k = 0;
			while ( k < block.size() && source.get( start + k ).contains( block.get( k ) ) ) {
				k++;
			}
			if ( k == block.size() ) {
				return true;
			}
		}
		return false;
	}
}
