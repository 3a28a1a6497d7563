import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a deployed Maven repository folder (the staging directory .ci/release-check.sh deploys into) the way Maven
 * Central validates a bundle, plus what this project promises on top:
 * <ul>
 * <li>every pom has name, description, url, a license (name and url), a developer (name), scm (connection and url),
 * each in the pom itself or inherited from a parent that is in the bundle too (name is not inherited in Maven);</li>
 * <li>every jar-packaged artifact has its .jar, -sources.jar (with .java files) and -javadoc.jar (with an
 * index.html), and its .jar an Automatic-Module-Name that is a valid module name; the .jar contains
 * META-INF/LICENSE;</li>
 * <li>every file has .md5 and .sha1 files that match its content; with --signed, an .asc as well;</li>
 * <li>the BOM has the version of the parent and lists exactly the published jar artifacts, at that version.</li>
 * </ul>
 * Run with Java 17's single-file launcher: {@code java .ci/ReleaseCheck.java target/staging [--signed]}. Exits 1 and
 * prints every problem found, or prints what it checked.
 */
public class ReleaseCheck {

	static final String BOM = "hibernate-pgextra-bom";

	record Pom(Path file, String groupId, String artifactId, String version, String packaging, Element root) {
		String coordinates() {
			return groupId + ":" + artifactId + ":" + version;
		}

		/** The file name of the pom without ".pom": the prefix of all its files (timestamped for a SNAPSHOT). */
		String base() {
			String name = file.getFileName().toString();
			return name.substring( 0, name.length() - ".pom".length() );
		}
	}

	final List<String> problems = new ArrayList<>();
	final List<String> checked = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		if ( args.length < 1 ) {
			System.err.println( "usage: java .ci/ReleaseCheck.java STAGING_DIR [--signed]" );
			System.exit( 2 );
		}
		ReleaseCheck check = new ReleaseCheck();
		check.run( Path.of( args[0] ), List.of( args ).contains( "--signed" ) );
		check.checked.forEach( line -> System.out.println( "ok   " + line ) );
		check.problems.forEach( line -> System.out.println( "FAIL " + line ) );
		if ( !check.problems.isEmpty() ) {
			System.out.println( check.problems.size() + " problem(s): the bundle would not be accepted as it is" );
			System.exit( 1 );
		}
		System.out.println( "release check passed" );
	}

	void run(Path staging, boolean signed) throws Exception {
		if ( !Files.isDirectory( staging ) ) {
			problems.add( staging + " is not a directory: did the deploy run?" );
			return;
		}
		Map<String, Pom> poms = new LinkedHashMap<>();
		try ( Stream<Path> files = Files.walk( staging ) ) {
			for ( Path file : files.filter( f -> f.toString().endsWith( ".pom" ) ).sorted().toList() ) {
				Pom pom = parse( file );
				if ( poms.put( pom.groupId() + ":" + pom.artifactId(), pom ) != null ) {
					problems.add( "two poms of " + pom.groupId() + ":" + pom.artifactId()
							+ " in the staging directory; empty it before deploying" );
				}
			}
		}
		if ( poms.isEmpty() ) {
			problems.add( "no pom under " + staging + ": nothing was deployed" );
			return;
		}
		Set<String> publishedJars = new TreeSet<>();
		for ( Pom pom : poms.values() ) {
			checkMetadata( pom, poms );
			checkFiles( pom, signed );
			if ( pom.packaging().equals( "jar" ) ) {
				publishedJars.add( pom.groupId() + ":" + pom.artifactId() );
			}
			if ( pom.version().endsWith( "-SNAPSHOT" ) ) {
				checked.add( pom.coordinates() + ": a SNAPSHOT; Central takes only the release version (0.2.0), "
						+ "everything else is checked as for a release" );
			}
		}
		checkBom( poms, publishedJars );
		checkChecksumsOfEverything( staging );
	}

	Pom parse(Path file) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware( false );
		Document document = factory.newDocumentBuilder().parse( file.toFile() );
		Element root = document.getDocumentElement();
		Element parent = child( root, "parent" );
		String groupId = text( root, "groupId", parent == null ? null : text( parent, "groupId", null ) );
		String version = text( root, "version", parent == null ? null : text( parent, "version", null ) );
		return new Pom( file, groupId, text( root, "artifactId", null ), version, text( root, "packaging", "jar" ),
				root );
	}

	void checkMetadata(Pom pom, Map<String, Pom> poms) {
		String where = pom.coordinates();
		// Maven does not inherit the name: each pom needs its own.
		require( where, "name", text( pom.root(), "name", null ) );
		List<Element> chain = parentChain( pom, poms );
		require( where, "description", inherited( chain, "description" ) );
		require( where, "url", inherited( chain, "url" ) );
		Element licenses = inheritedElement( chain, "licenses" );
		Element license = licenses == null ? null : child( licenses, "license" );
		require( where, "licenses/license/name", license == null ? null : text( license, "name", null ) );
		require( where, "licenses/license/url", license == null ? null : text( license, "url", null ) );
		Element developers = inheritedElement( chain, "developers" );
		Element developer = developers == null ? null : child( developers, "developer" );
		require( where, "developers/developer/name", developer == null ? null : text( developer, "name", null ) );
		Element scm = inheritedElement( chain, "scm" );
		require( where, "scm/connection", scm == null ? null : text( scm, "connection", null ) );
		require( where, "scm/url", scm == null ? null : text( scm, "url", null ) );
		if ( license != null && !"Apache License, Version 2.0".equals( text( license, "name", null ) ) ) {
			problems.add( where + ": license is '" + text( license, "name", null )
					+ "', expected 'Apache License, Version 2.0' (the LICENSE file)" );
		}
		checked.add( where + ": name, description, url, license, developer, scm" );
	}

	/** The pom and its parents found in the bundle; a parent of this project missing from it is a problem. */
	List<Element> parentChain(Pom pom, Map<String, Pom> poms) {
		List<Element> chain = new ArrayList<>();
		Element current = pom.root();
		while ( current != null ) {
			chain.add( current );
			Element parent = child( current, "parent" );
			if ( parent == null ) {
				break;
			}
			String key = text( parent, "groupId", null ) + ":" + text( parent, "artifactId", null );
			Pom parentPom = poms.get( key );
			if ( parentPom == null ) {
				problems.add( pom.coordinates() + ": its parent " + key + " is not in the bundle; users could not "
						+ "resolve the pom (deploy the parent too)" );
				break;
			}
			if ( !parentPom.version().equals( text( parent, "version", null ) ) ) {
				problems.add( pom.coordinates() + ": its parent " + key + " is version '"
						+ text( parent, "version", null ) + "' but the bundle has '" + parentPom.version() + "'" );
			}
			current = parentPom.root();
		}
		return chain;
	}

	void checkFiles(Pom pom, boolean signed) throws IOException {
		Path dir = pom.file().getParent();
		List<String> names = new ArrayList<>( List.of( pom.base() + ".pom" ) );
		if ( pom.packaging().equals( "jar" ) ) {
			names.add( pom.base() + ".jar" );
			names.add( pom.base() + "-sources.jar" );
			names.add( pom.base() + "-javadoc.jar" );
		}
		else if ( !pom.packaging().equals( "pom" ) ) {
			problems.add( pom.coordinates() + ": packaging '" + pom.packaging() + "' is not checked by this script" );
		}
		for ( String name : names ) {
			Path file = dir.resolve( name );
			if ( !Files.isRegularFile( file ) || Files.size( file ) == 0 ) {
				problems.add( pom.coordinates() + ": " + name + " is missing or empty" );
				continue;
			}
			if ( signed ) {
				verifySignature( pom, file );
			}
		}
		if ( !pom.packaging().equals( "jar" ) ) {
			checked.add( pom.coordinates() + ": pom" + ( signed ? " and its signature" : "" ) );
			return;
		}
		checkZip( pom, dir.resolve( pom.base() + "-sources.jar" ), ".java", "Java sources" );
		checkZip( pom, dir.resolve( pom.base() + ".jar" ), "META-INF/LICENSE", "META-INF/LICENSE" );
		checkZip( pom, dir.resolve( pom.base() + "-javadoc.jar" ), "index.html", "an index.html" );
		Path jar = dir.resolve( pom.base() + ".jar" );
		if ( Files.isRegularFile( jar ) ) {
			try ( JarFile jarFile = new JarFile( jar.toFile() ) ) {
				String moduleName = jarFile.getManifest() == null ? null
						: jarFile.getManifest().getMainAttributes().getValue( "Automatic-Module-Name" );
				if ( moduleName == null || moduleName.isBlank() ) {
					problems.add( pom.coordinates() + ": the jar's manifest has no Automatic-Module-Name "
							+ "(set the pgextra.module.name property in the module's pom)" );
				}
				else {
					try {
						ModuleDescriptor.newAutomaticModule( moduleName );
						checked.add( pom.coordinates() + ": Automatic-Module-Name " + moduleName );
					}
					catch (IllegalArgumentException e) {
						problems.add( pom.coordinates() + ": Automatic-Module-Name '" + moduleName
								+ "' is not a valid module name: " + e.getMessage() );
					}
				}
			}
		}
		checked.add( pom.coordinates() + ": pom, jar, sources, javadoc" + ( signed ? ", signatures" : "" ) );
	}

	/** With --signed: the .asc exists and {@code gpg --verify} accepts it (the key must be in gpg's keyring). */
	void verifySignature(Pom pom, Path file) {
		Path signature = file.resolveSibling( file.getFileName() + ".asc" );
		if ( !Files.isRegularFile( signature ) ) {
			problems.add( pom.coordinates() + ": " + signature.getFileName() + " is missing (Central needs a "
					+ "signature of every file: deploy with -Prelease and a GPG key)" );
			return;
		}
		try {
			Process gpg = new ProcessBuilder( "gpg", "--batch", "--verify", signature.toString(), file.toString() )
					.redirectErrorStream( true ).start();
			String output = new String( gpg.getInputStream().readAllBytes() );
			if ( gpg.waitFor() != 0 ) {
				problems.add( pom.coordinates() + ": gpg --verify " + signature.getFileName() + " failed: "
						+ output.strip() );
			}
		}
		catch (IOException | InterruptedException e) {
			problems.add( pom.coordinates() + ": could not run gpg --verify: " + e );
		}
	}

	void checkZip(Pom pom, Path zip, String entrySuffix, String what) throws IOException {
		if ( !Files.isRegularFile( zip ) ) {
			return; // reported as missing
		}
		try ( ZipFile zipFile = new ZipFile( zip.toFile() ) ) {
			if ( zipFile.stream().noneMatch( e -> e.getName().endsWith( entrySuffix ) ) ) {
				problems.add( pom.coordinates() + ": " + zip.getFileName() + " has no " + what );
			}
		}
		catch (IOException e) {
			problems.add( pom.coordinates() + ": " + zip.getFileName() + " is not a valid zip: " + e.getMessage() );
		}
	}

	void checkBom(Map<String, Pom> poms, Set<String> publishedJars) {
		Pom bom = poms.values().stream().filter( p -> p.artifactId().equals( BOM ) ).findFirst().orElse( null );
		if ( bom == null ) {
			problems.add( BOM + " is not in the bundle" );
			return;
		}
		Pom parent = poms.values().stream().filter( p -> p.artifactId().equals( "hibernate-pgextra-parent" ) )
				.findFirst().orElse( null );
		if ( parent != null && !parent.version().equals( bom.version() ) ) {
			problems.add( BOM + " has version " + bom.version() + " but the parent " + parent.version()
					+ ": set both (mvn versions:set -DprocessAllModules=true)" );
		}
		Set<String> listed = new TreeSet<>();
		Element management = child( bom.root(), "dependencyManagement" );
		Element dependencies = management == null ? null : child( management, "dependencies" );
		for ( Element dependency : dependencies == null ? List.<Element>of() : children( dependencies, "dependency" ) ) {
			String key = text( dependency, "groupId", null ) + ":" + text( dependency, "artifactId", null );
			listed.add( key );
			String version = text( dependency, "version", null );
			if ( !"${project.version}".equals( version ) && !bom.version().equals( version ) ) {
				problems.add( BOM + " lists " + key + " at version '" + version + "', expected ${project.version}" );
			}
		}
		for ( String missing : difference( publishedJars, listed ) ) {
			problems.add( missing + " is published but not listed in " + BOM + " (add it to its dependencyManagement;"
					+ " or, if it is not for users, set maven.deploy.skip in its pom)" );
		}
		for ( String extra : difference( listed, publishedJars ) ) {
			problems.add( BOM + " lists " + extra + ", which is not in the bundle: users importing the BOM would "
					+ "get a version that does not exist" );
		}
		checked.add( BOM + " " + bom.version() + " lists exactly the published jars " + publishedJars );
	}

	/** Every file the deploy wrote (pom, jars, maven-metadata.xml, signatures) has matching .md5 and .sha1. */
	void checkChecksumsOfEverything(Path staging) throws Exception {
		int files = 0;
		try ( Stream<Path> walk = Files.walk( staging ) ) {
			for ( Path file : walk.filter( Files::isRegularFile ).sorted().toList() ) {
				String name = file.getFileName().toString();
				// Central wants no checksums of signatures (and Maven's resolver writes none)
				if ( name.endsWith( ".md5" ) || name.endsWith( ".sha1" ) || name.endsWith( ".sha256" )
						|| name.endsWith( ".sha512" ) || name.endsWith( ".asc" ) ) {
					continue;
				}
				files++;
				verifyDigest( file, "md5", "MD5" );
				verifyDigest( file, "sha1", "SHA-1" );
			}
		}
		checked.add( files + " files with matching .md5 and .sha1" );
	}

	void verifyDigest(Path file, String extension, String algorithm) throws Exception {
		Path sumFile = file.resolveSibling( file.getFileName() + "." + extension );
		if ( !Files.isRegularFile( sumFile ) ) {
			problems.add( file + ": no ." + extension + " checksum" );
			return;
		}
		MessageDigest digest = MessageDigest.getInstance( algorithm );
		try ( InputStream in = Files.newInputStream( file ) ) {
			digest.update( in.readAllBytes() );
		}
		String expected = HexFormat.of().formatHex( digest.digest() );
		String actual = Files.readString( sumFile ).trim().split( "\\s+" )[0];
		if ( !expected.equalsIgnoreCase( actual ) ) {
			problems.add( file + ": ." + extension + " says " + actual + " but the content's is " + expected );
		}
	}

	void require(String where, String what, String value) {
		if ( value == null || value.isBlank() ) {
			problems.add( where + ": no " + what + " (Maven Central requires it; the parent pom's release metadata "
					+ "block has the shared values)" );
		}
	}

	static String inherited(List<Element> chain, String name) {
		for ( Element pom : chain ) {
			String value = text( pom, name, null );
			if ( value != null ) {
				return value;
			}
		}
		return null;
	}

	static Element inheritedElement(List<Element> chain, String name) {
		for ( Element pom : chain ) {
			Element element = child( pom, name );
			if ( element != null ) {
				return element;
			}
		}
		return null;
	}

	static Element child(Element parent, String name) {
		List<Element> children = children( parent, name );
		return children.isEmpty() ? null : children.get( 0 );
	}

	static List<Element> children(Element parent, String name) {
		List<Element> result = new ArrayList<>();
		for ( Node node = parent.getFirstChild(); node != null; node = node.getNextSibling() ) {
			if ( node instanceof Element element && element.getTagName().equals( name ) ) {
				result.add( element );
			}
		}
		return result;
	}

	static String text(Element parent, String name, String fallback) {
		Element element = child( parent, name );
		if ( element == null ) {
			return fallback;
		}
		String text = element.getTextContent().trim().replaceAll( "\\s+", " " );
		return text.isEmpty() ? fallback : text;
	}

	static Set<String> difference(Set<String> a, Set<String> b) {
		return a.stream().filter( x -> !b.contains( x ) ).collect( Collectors.toCollection( TreeSet::new ) );
	}
}
