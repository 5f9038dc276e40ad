// Run by the examples module's maven-invoker-plugin before it builds this example; not part of the
// example. The example needs a JDK 21+ (virtual threads), which its pom.xml selects with
// maven-toolchains-plugin's select-jdk-toolchain while Maven itself may run on JDK 17. Where no
// JDK 21+ exists, building it would fail, so the invoker skips it instead and the log says why.
//
// discoveredJdkToolchains: the examples module's list of the JDKs that the same discovery found
// (generate-jdk-toolchains-xml). JDKs declared in ~/.m2/toolchains.xml count as well, since
// select-jdk-toolchain looks there first.

def versions = []
def readJdks = { File file ->
  if (file.isFile()) {
    def toolchains = new groovy.xml.XmlSlurper(false, false).parse(file)
    toolchains.toolchain.findAll { it.type.text() == 'jdk' }.each { tc ->
      versions << tc.provides.version.text()
    }
  }
}
readJdks(new File(discoveredJdkToolchains))
readJdks(new File(System.getProperty('user.home'), '.m2/toolchains.xml'))

// "17.0.15" -> 17, "25" -> 25, "1.8.0_452" -> 8
def feature = { String version ->
  def match = version =~ /^(?:1\.)?(\d+)/
  match.find() ? (match.group(1) as int) : 0
}

if (versions.any { feature(it) >= 21 }) {
  println "virtual-threads example: building with a JDK 21+ from the JDKs found: ${versions.unique()}"
  return true
}
println("virtual-threads example SKIPPED: it needs a JDK 21 or later and none was found"
    + " (JDKs found: ${versions.unique() ?: 'none'})."
    + " Install one where maven-toolchains-plugin looks (a JAVA21_HOME-style variable, the OS's JDK folders,"
    + " SDKMAN!, ~/.jdks) or declare it in ~/.m2/toolchains.xml to build and test it.")
return false
