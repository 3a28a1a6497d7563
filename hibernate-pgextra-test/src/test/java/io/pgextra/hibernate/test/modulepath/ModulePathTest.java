package io.pgextra.hibernate.test.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.pgextra.hibernate.testing.PostgresDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged core jar works on the module path: its {@code Automatic-Module-Name}, the services it provides, and a
 * small JPMS application ({@code src/test/resources/modulepath-app}, {@code requires io.pgextra.hibernate}) compiled
 * with {@code javac --module-path} and run in a child JVM with Hibernate, JPA and the driver on the module path,
 * upserting into this build's PostgreSQL and receiving signals.
 * <p>
 * The module path is the library's runtime dependencies, picked from this test's class path by artifact name
 * ({@link #MODULE_PATH_ARTIFACTS}); the test module's own libraries (JUnit, Testcontainers, ...) are not part of
 * such an application. jakarta.transaction-api goes on the class path: its module descriptor requires jakarta.cdi
 * and jakarta.interceptor, which Hibernate does not need (README, "Module path").
 */
class ModulePathTest {

	/** Hibernate ORM 7's runtime dependencies, JPA, JBoss Logging and the driver, by artifactId. */
	static final Set<String> MODULE_PATH_ARTIFACTS = Set.of( "hibernate-core", "hibernate-models", "byte-buddy",
			"jakarta.persistence-api", "jakarta.xml.bind-api", "jakarta.activation-api", "jaxb-runtime", "jaxb-core",
			"angus-activation", "txw2", "istack-commons-runtime", "jakarta.inject-api", "antlr4-runtime",
			"jboss-logging", "postgresql", "checker-qual" );
	/** Runtime dependencies of some Hibernate lines only: classmate up to 7.2 (the matrix runs this test on each). */
	static final Set<String> OPTIONAL_MODULE_PATH_ARTIFACTS = Set.of( "classmate" );
	static final Set<String> CLASS_PATH_ARTIFACTS = Set.of( "jakarta.transaction-api" );

	@TempDir
	Path work;

	@Test
	void coreJarHasItsModuleNameAndProvidesItsServices() throws IOException {
		Path jar = coreJar();
		try ( JarFile jarFile = new JarFile( jar.toFile() ) ) {
			assertThat( jarFile.getManifest().getMainAttributes().getValue( "Automatic-Module-Name" ) )
					.isEqualTo( "io.pgextra.hibernate" );
		}
		ModuleDescriptor descriptor = ModuleFinder.of( jar ).findAll().stream()
				.map( ModuleReference::descriptor ).findFirst().orElseThrow();
		assertThat( descriptor.name() ).isEqualTo( "io.pgextra.hibernate" );
		assertThat( descriptor.isAutomatic() ).isTrue();
		assertThat( descriptor.packages() ).contains( "io.pgextra.hibernate", "io.pgextra.hibernate.hstore",
				"io.pgextra.hibernate.signals" );
		// META-INF/services become "provides" of an automatic module: Hibernate finds them on the module path
		assertThat( descriptor.provides().stream().map( ModuleDescriptor.Provides::service ) )
				.containsExactlyInAnyOrder( "org.hibernate.integrator.spi.Integrator",
						"org.hibernate.service.spi.SessionFactoryServiceContributor",
						"org.hibernate.service.spi.ServiceContributor",
						"org.hibernate.boot.spi.AdditionalMappingContributor" );
	}

	@Test
	void aModularApplicationUpsertsAndReceivesSignalsWithEverythingOnTheModulePath() throws Exception {
		List<Path> modulePath = new ArrayList<>( List.of( coreJar() ) );
		modulePath.addAll( classPathJars( MODULE_PATH_ARTIFACTS ) );
		modulePath.addAll( classPathJars( OPTIONAL_MODULE_PATH_ARTIFACTS, false ) );
		List<Path> classPath = classPathJars( CLASS_PATH_ARTIFACTS );

		Path sources = copyApplicationSources();
		Path classes = Files.createDirectories( work.resolve( "classes" ) );
		compile( sources, classes, modulePath );

		PostgresDatabase database = PostgresDatabase.get();
		String schema = "t_modulepath_" + Long.toString( ThreadLocalRandom.current().nextLong( Long.MAX_VALUE ), 36 );
		try ( Connection connection = database.connect(); Statement statement = connection.createStatement() ) {
			statement.execute( "CREATE SCHEMA " + schema );
		}
		try {
			List<Path> applicationModulePath = new ArrayList<>( List.of( classes ) );
			applicationModulePath.addAll( modulePath );
			List<String> output = run( List.of(
					Path.of( System.getProperty( "java.home" ), "bin", "java" ).toString(),
					"--module-path", join( applicationModulePath ),
					"--class-path", join( classPath ),
					// jakarta.persistence, JAXB, Byte Buddy are explicit modules that no module requires by name
					"--add-modules", "ALL-MODULE-PATH",
					"--module", "example.app/example.app.Main",
					database.jdbcUrl( schema + ",public" ), database.user() ), database.password() );

			assertThat( output ).filteredOn( line -> line.startsWith( "result " ) ).containsExactly(
					"result modules example.app io.pgextra.hibernate automatic=true org.hibernate.orm.core "
							+ "jakarta.persistence",
					"result upserts ConflictResult[id=1, outcome=INSERTED] ConflictResult[id=1, outcome=UPDATED]",
					"result signals [CREATE 1, UPDATE 1]" );
			try ( Connection connection = database.connect(); Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery( "SELECT id, name, hits FROM " + schema
							+ ".modulepath_item" ) ) {
				assertThat( rows.next() ).isTrue();
				assertThat( List.of( rows.getLong( 1 ), rows.getString( 2 ), rows.getInt( 3 ) ) )
						.containsExactly( 1L, "module", 2 );
				assertThat( rows.next() ).isFalse();
			}
		}
		finally {
			try ( Connection connection = database.connect(); Statement statement = connection.createStatement() ) {
				statement.execute( "DROP SCHEMA " + schema + " CASCADE" );
			}
		}
	}

	/** The packaged jar of hibernate-pgextra; target/classes would have no manifest. */
	static Path coreJar() {
		List<Path> candidates = classPath().stream()
				.filter( p -> p.getFileName().toString().matches( "hibernate-pgextra-\\d.*(?<!-sources|-javadoc)\\.jar" )
						|| p.endsWith( Path.of( "hibernate-pgextra", "target", "classes" ) ) )
				.toList();
		assertThat( candidates ).as( "hibernate-pgextra on the class path" ).hasSize( 1 );
		assertThat( candidates.get( 0 ).toString() )
				.as( "hibernate-pgextra must be the packaged jar: run this test with `mvn verify` (failsafe)" )
				.endsWith( ".jar" );
		return candidates.get( 0 );
	}

	static List<Path> classPathJars(Set<String> artifactIds) {
		return classPathJars( artifactIds, true );
	}

	static List<Path> classPathJars(Set<String> artifactIds, boolean required) {
		List<Path> found = new ArrayList<>();
		Set<String> missing = new TreeSet<>( artifactIds );
		for ( Path entry : classPath() ) {
			String name = entry.getFileName().toString();
			for ( String artifactId : artifactIds ) {
				if ( name.matches( Pattern.quote( artifactId ) + "-\\d[^/]*\\.jar" ) ) {
					found.add( entry );
					missing.remove( artifactId );
				}
			}
		}
		assertThat( required ? missing : Set.of() ).as( "artifacts missing from the test class path (Hibernate's dependencies changed? "
				+ "update MODULE_PATH_ARTIFACTS)" ).isEmpty();
		return found;
	}

	static List<Path> classPath() {
		return Stream.of( System.getProperty( "java.class.path" ).split( File.pathSeparator ) )
				.filter( s -> !s.isEmpty() ).map( Path::of ).toList();
	}

	Path copyApplicationSources() throws IOException, URISyntaxException {
		Path resources = Path.of( getClass().getResource( "/modulepath-app/module-info.java" ).toURI() ).getParent();
		Path sources = work.resolve( "src" );
		try ( Stream<Path> files = Files.walk( resources ) ) {
			for ( Path file : files.filter( Files::isRegularFile ).toList() ) {
				Path target = sources.resolve( resources.relativize( file ).toString() );
				Files.createDirectories( target.getParent() );
				Files.copy( file, target );
			}
		}
		return sources;
	}

	static void compile(Path sources, Path classes, List<Path> modulePath) throws IOException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		List<String> arguments = new ArrayList<>( List.of( "--release", "17",
				"--module-path", join( modulePath ), "-d", classes.toString() ) );
		try ( Stream<Path> files = Files.walk( sources ) ) {
			files.filter( f -> f.toString().endsWith( ".java" ) ).forEach( f -> arguments.add( f.toString() ) );
		}
		ByteArrayOutputStream messages = new ByteArrayOutputStream();
		int status = javac.run( null, messages, messages, arguments.toArray( String[]::new ) );
		assertThat( status ).as( "javac --module-path ...:%n%s", messages.toString( StandardCharsets.UTF_8 ) )
				.isZero();
	}

	/** Runs the command with a bounded wait; returns its output lines (stdout and stderr), asserting exit code 0. */
	static List<String> run(List<String> command, String password) throws Exception {
		ProcessBuilder builder = new ProcessBuilder( command ).redirectErrorStream( true );
		builder.environment().put( PostgresDatabase.PASSWORD_KEY, password == null ? "" : password );
		Process process = builder.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync( () -> {
			try ( InputStream in = process.getInputStream() ) {
				return new String( in.readAllBytes(), StandardCharsets.UTF_8 );
			}
			catch (IOException e) {
				throw new UncheckedIOException( e );
			}
		} );
		if ( !process.waitFor( 120, TimeUnit.SECONDS ) ) {
			process.destroyForcibly().waitFor( 10, TimeUnit.SECONDS );
			throw new AssertionError( "the module path application did not finish in 120 s: " + command );
		}
		String text = output.get( 10, TimeUnit.SECONDS );
		assertThat( process.exitValue() ).as( "exit code of %s; its output:%n%s", command, text ).isZero();
		return text.lines().map( line -> line.strip() ).collect( Collectors.toList() );
	}

	static String join(List<Path> paths) {
		return paths.stream().map( Path::toString ).collect( Collectors.joining( File.pathSeparator ) );
	}
}
