package io.pgextra.hibernate.test.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.readme.ReadmeSnippets.Snippet;

import jakarta.persistence.EntityManager;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README.md is the single source of its examples: every ```java block is marked (see {@link ReadmeSnippets}), the
 * entities it declares are compiled and mapped, its statements run in README order on PostgreSQL (its
 * {@code assert} lines checked), and the snippets that show a failure fail with the exception README names.
 */
class ReadmeSnippetsTest {

	private static final Set<String> KINDS = Set.of( "core/entities", "core/run", "core/throws", "spring", "none" );

	private static final ReadmeSnippets README = ReadmeSnippets.read();
	private static final ReadmeProgram PROGRAM = compiled();

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( PROGRAM.entities().toArray( Class<?>[]::new ) )
			.property( AvailableSettings.CLASSLOADERS, List.of( PROGRAM.loader() ) );

	private static ReadmeProgram compiled() {
		ReadmeProgram program = new ReadmeProgram( README );
		program.compile();
		return program;
	}

	@Test
	void everyJavaBlockIsMarked() {
		assertThat( README.unmarked() )
				.as( "```java blocks of %s (first line) without a '<!-- snippet: ... -->' line before them", README.readme() )
				.isEmpty();
		for ( Snippet s : README.snippets() ) {
			assertThat( s.kind() ).as( "kind of the snippet at README.md:%d", s.line() ).isIn( KINDS );
			if ( s.kind().equals( "none" ) ) {
				assertThat( s.argument() ).as( "reason of the unrun snippet at README.md:%d", s.line() ).matches( "\\(.+\\)" );
			}
			if ( s.kind().equals( "core/throws" ) ) {
				assertThat( s.argument() ).as( "exception (and constraint) of the snippet at README.md:%d", s.line() )
						.matches( "\\w+( \\w+)?" );
			}
		}
		assertThat( README.ofKind( "core/run" ) ).as( "statement snippets" ).isNotEmpty();
		assertThat( PROGRAM.entities() ).as( "README's entities" ).isNotEmpty();
	}

	@Test
	void theStoryRunsInReadmeOrder() throws Exception {
		Method story = PROGRAM.main().getMethod( "story", jakarta.persistence.EntityManagerFactory.class, EntityManager.class );
		// the signal receivers of the story print: capture that (after the commit too), and check what README says
		PrintStream out = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut( new PrintStream( printed, true, StandardCharsets.UTF_8 ) );
		try {
			db.inTransaction( em -> invoke( story, null, db.emf(), em ) );
		}
		finally {
			System.setOut( out );
		}
		// "Signals": the create example sends two CREATE (persist, upsert), the update one an UPDATE for "cookies",
		// the delete one a DELETE for "cookies" and one for "beer"
		assertThat( printed.toString( StandardCharsets.UTF_8 ).lines()
				.filter( l -> l.startsWith( "model " ) ).map( l -> l.replaceAll( "\\d+$", "N" ) ) )
				.containsExactly( "model created with pk N", "model created with pk N", "model updated with pk N",
						"model deleted with pk N", "model deleted with pk N" );
	}

	@TestFactory
	Stream<DynamicTest> theFailuresReadmeShowsHappen() throws Exception {
		Class<?> main = PROGRAM.main();
		List<DynamicTest> tests = new ArrayList<>();
		List<Snippet> throwing = PROGRAM.throwing();
		for ( int i = 0; i < throwing.size(); i++ ) {
			Snippet s = throwing.get( i );
			Method method = main.getMethod( "throwing" + i, jakarta.persistence.EntityManagerFactory.class,
					EntityManager.class, PgExtraEntityManager.class );
			tests.add( DynamicTest.dynamicTest( "README.md:" + s.line() + " throws " + s.argument(), () -> {
				Throwable thrown = null;
				EntityManager em = db.emf().createEntityManager();
				try {
					em.getTransaction().begin();
					try {
						method.invoke( null, db.emf(), em, PgExtraEntityManager.of( em ) );
						em.flush();
					}
					catch (InvocationTargetException e) {
						thrown = e.getCause();
					}
					catch (RuntimeException e) {
						thrown = e;
					}
				}
				finally {
					if ( em.getTransaction().isActive() ) {
						em.getTransaction().rollback();
					}
					em.close();
				}
				if ( thrown == null ) {
					fail( "README.md:%d says it fails with %s, but it ran", s.line(), s.argument() );
				}
				String[] expected = s.argument().split( "\\s+" ); // the exception, and optionally its constraint name
				for ( Throwable t = thrown; t != null; t = t.getCause() ) {
					if ( t.getClass().getSimpleName().equals( expected[0] ) ) {
						if ( expected.length > 1 ) {
							assertThat( t ).as( "README.md:%d", s.line() ).isInstanceOf( ConstraintViolationException.class );
							assertThat( ( (ConstraintViolationException) t ).getConstraintName() )
									.as( "constraint README.md:%d names", s.line() ).isEqualTo( expected[1] );
						}
						return;
					}
				}
				throw new AssertionError( "README.md:" + s.line() + " says " + s.argument() + ", but it threw", thrown );
			} ) );
		}
		assertThat( tests ).isNotEmpty();
		return tests.stream();
	}

	@Test
	void theHStoreStatementsReadmeShowsAreTheSchemas() throws IOException {
		// the ```sql block of "hstore constraints": each index and constraint it names exists, on the table it names
		String text = Files.readString( README.readme(), StandardCharsets.UTF_8 );
		Matcher index = Pattern.compile( "create unique index \"(\\w+)\" on (\\w+)" ).matcher( text );
		Matcher check = Pattern.compile( "alter table (\\w+) add constraint \"(\\w+)\" check" ).matcher( text );
		List<String> expected = new ArrayList<>();
		while ( index.find() ) {
			expected.add( index.group( 2 ) + "." + index.group( 1 ) );
		}
		while ( check.find() ) {
			expected.add( check.group( 1 ) + "." + check.group( 2 ) );
		}
		assertThat( expected ).as( "the hstore statements of README" ).isNotEmpty();
		List<String> actual = db.rows( "SELECT t.relname || '.' || i.relname AS name FROM pg_index x "
						+ "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
						+ "WHERE t.relnamespace = ?::regnamespace "
						+ "UNION ALL SELECT t.relname || '.' || c.conname FROM pg_constraint c "
						+ "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'c' AND t.relnamespace = ?::regnamespace",
				db.schema(), db.schema() ).stream().map( r -> (String) r.get( "name" ) ).toList();
		assertThat( actual ).containsAll( expected );
	}

	private static void invoke(Method method, Object target, Object... args) {
		try {
			method.invoke( target, args );
		}
		catch (InvocationTargetException e) {
			throw new AssertionError( "the snippet at " + PROGRAM.readmeLine( e.getCause() ) + " failed", e.getCause() );
		}
		catch (IllegalAccessException e) {
			throw new IllegalStateException( e );
		}
	}
}
