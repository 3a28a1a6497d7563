package io.pgextra.hibernate.test.readme;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import io.pgextra.hibernate.test.readme.ReadmeSnippets.Snippet;

import jakarta.persistence.Entity;

/**
 * README's snippets as Java sources of the package {@code readme}, compiled in memory against the test class path
 * and loaded by a class loader of their own (with assertions enabled, so README's {@code assert} lines are checked).
 * A compilation error names the README line it comes from.
 */
final class ReadmeProgram {

	static final String PACKAGE = "readme";
	static final String MAIN = "ReadmeStory";

	/** What README says the snippets leave out (README "Quick start"); keep both in step. */
	static final List<String> IMPORTS = List.of(
			"java.util.*",
			"java.util.concurrent.*",
			"jakarta.persistence.*",
			"org.hibernate.annotations.Type",
			"io.hypersistence.utils.hibernate.type.basic.PostgreSQLHStoreType",
			"io.pgextra.hibernate.*",
			"io.pgextra.hibernate.hstore.*",
			"io.pgextra.hibernate.signals.*" );

	private static final Pattern TOP_LEVEL_TYPE = Pattern.compile( "^public\\s+((?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+\\w+)" );

	/** The generated sources: class name to text, and per class its line to README line. */
	private final Map<String, String> sources = new LinkedHashMap<>();
	private final Map<String, Map<Integer, Integer>> readmeLines = new HashMap<>();
	private final List<Snippet> throwing;
	private ClassLoader loader;
	private List<Class<?>> entities;

	ReadmeProgram(ReadmeSnippets readme) {
		int unit = 0;
		for ( Snippet s : readme.ofKind( "core/entities" ) ) {
			// several package-private top-level types in one unit, as the snippet declares them
			List<String> code = s.code().stream()
					.map( line -> TOP_LEVEL_TYPE.matcher( line ).replaceFirst( "$1" ) )
					.toList();
			add( "ReadmeEntities" + ( ++unit ), new Source( imports( Set.of() ) ).snippet( s, code ) );
		}
		Set<String> hoisted = new LinkedHashSet<>();
		readme.snippets().stream().filter( s -> s.kind().startsWith( "core/run" ) || s.kind().equals( "core/throws" ) )
				.forEach( s -> s.code().stream().filter( l -> l.startsWith( "import " ) ).forEach( hoisted::add ) );
		Source main = new Source( imports( hoisted ) );
		main.line( "public final class " + MAIN + " {" );
		main.line( "public static void story(EntityManagerFactory entityManagerFactory, EntityManager entityManager) throws Exception {" );
		for ( Snippet s : readme.ofKind( "core/run" ) ) {
			main.snippet( s, withoutImports( s ) );
		}
		main.line( "}" );
		throwing = readme.ofKind( "core/throws" );
		for ( int i = 0; i < throwing.size(); i++ ) {
			main.line( "public static void throwing" + i + "(EntityManagerFactory entityManagerFactory, "
					+ "EntityManager entityManager, PgExtraEntityManager pg) throws Exception {" );
			main.snippet( throwing.get( i ), withoutImports( throwing.get( i ) ) );
			main.line( "}" );
		}
		main.line( "}" );
		add( MAIN, main );
	}

	/** Compiles the sources; throws an {@link AssertionError} listing every error at its README line. */
	void compile() {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		Map<String, ByteArrayOutputStream> classes = new HashMap<>();
		StandardJavaFileManager standard = javac.getStandardFileManager( diagnostics, Locale.ROOT, null );
		JavaFileManager files = new ForwardingJavaFileManager<>( standard ) {
			@Override
			public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
					FileObject sibling) {
				return new SimpleJavaFileObject( URI.create( "mem:///" + className.replace( '.', '/' ) + kind.extension ), kind ) {
					@Override
					public OutputStream openOutputStream() {
						return classes.computeIfAbsent( className, n -> new ByteArrayOutputStream() );
					}
				};
			}
		};
		List<JavaFileObject> units = sources.entrySet().stream()
				.map( e -> (JavaFileObject) new SimpleJavaFileObject(
						URI.create( "string:///" + PACKAGE + "/" + e.getKey() + ".java" ), JavaFileObject.Kind.SOURCE ) {
					@Override
					public CharSequence getCharContent(boolean ignoreEncodingErrors) {
						return e.getValue();
					}
				} )
				.toList();
		List<String> options = List.of( "-proc:none", "-classpath", System.getProperty( "java.class.path" ) );
		boolean ok = javac.getTask( null, files, diagnostics, options, null, units ).call();
		if ( !ok ) {
			throw new AssertionError( "README.md's Java snippets do not compile:\n" + diagnostics.getDiagnostics().stream()
					.filter( d -> d.getKind() == Diagnostic.Kind.ERROR )
					.map( this::describe )
					.collect( Collectors.joining( "\n" ) ) );
		}
		ClassLoader parent = ReadmeProgram.class.getClassLoader();
		loader = new ClassLoader( "readme", parent ) {
			@Override
			protected Class<?> findClass(String name) throws ClassNotFoundException {
				ByteArrayOutputStream bytes = classes.get( name );
				if ( bytes == null ) {
					throw new ClassNotFoundException( name );
				}
				byte[] b = bytes.toByteArray();
				return defineClass( name, b, 0, b.length );
			}
		};
		loader.setDefaultAssertionStatus( true );
		entities = new ArrayList<>();
		for ( String name : classes.keySet().stream().sorted().toList() ) {
			try {
				Class<?> type = loader.loadClass( name );
				if ( type.isAnnotationPresent( Entity.class ) ) {
					entities.add( type );
				}
			}
			catch (ClassNotFoundException e) {
				throw new IllegalStateException( e );
			}
		}
	}

	ClassLoader loader() {
		return loader;
	}

	List<Class<?>> entities() {
		return entities;
	}

	List<Snippet> throwing() {
		return throwing;
	}

	Class<?> main() throws ClassNotFoundException {
		return loader.loadClass( PACKAGE + "." + MAIN );
	}

	/** @return where in README.md the generated code that threw {@code t} comes from, or "?" */
	String readmeLine(Throwable t) {
		for ( StackTraceElement e : t.getStackTrace() ) {
			if ( e.getClassName().startsWith( PACKAGE + "." ) ) {
				String unit = e.getClassName().substring( PACKAGE.length() + 1 ).replaceAll( "\\$.*", "" );
				Integer line = readmeLines.getOrDefault( unit, Map.of() ).get( e.getLineNumber() );
				if ( line != null ) {
					return "README.md:" + line;
				}
			}
		}
		return t.getCause() == null || t.getCause() == t ? "README.md:?" : readmeLine( t.getCause() );
	}

	private String describe(Diagnostic<? extends JavaFileObject> d) {
		String unit = d.getSource() == null ? "?" : d.getSource().getName().replaceAll( ".*/(\\w+)\\.java$", "$1" );
		Integer line = readmeLines.getOrDefault( unit, Map.of() ).get( (int) d.getLineNumber() );
		return "  README.md:" + ( line == null ? "? (generated " + unit + ":" + d.getLineNumber() + ")" : line )
				+ ": " + d.getMessage( Locale.ROOT );
	}

	private void add(String name, Source source) {
		sources.put( name, source.text );
		readmeLines.put( name, source.readmeLines );
	}

	private static List<String> withoutImports(Snippet s) {
		return s.code().stream().map( l -> l.startsWith( "import " ) ? "" : l ).toList();
	}

	private static List<String> imports(Set<String> hoisted) {
		List<String> lines = new ArrayList<>();
		lines.add( "package " + PACKAGE + ";" );
		IMPORTS.forEach( i -> lines.add( "import " + i + ";" ) );
		lines.addAll( hoisted );
		return lines;
	}

	/** A source being written, which remembers the README line of each of its lines. */
	private static final class Source {
		private final StringBuilder out = new StringBuilder();
		private final Map<Integer, Integer> readmeLines = new HashMap<>();
		private int lines;
		private String text;

		Source(List<String> header) {
			header.forEach( this::line );
		}

		Source line(String line) {
			out.append( line ).append( '\n' );
			lines++;
			text = out.toString();
			return this;
		}

		Source snippet(Snippet s, List<String> code) {
			line( "// README.md:" + s.line() );
			for ( int i = 0; i < code.size(); i++ ) {
				readmeLines.put( lines + 1, s.line() + i );
				line( code.get( i ) );
			}
			return this;
		}
	}
}
