# Attachments and record photos (issue 13): Get-/Save-/Add-/Remove-ZcrmAttachment and Set-/Save-/Remove-ZcrmRecordPhoto
# against one emulator process. What the emulator stored (bytes as SHA-256) is read from /__emulator/attachments; what
# was sent, from the request log. Each scenario works on its own deal (or contact), so they do not see each other's files.
# The runspace connects once (the emulator, like Zoho, mints at most 10 access tokens per refresh token in 10 minutes).

Describe 'AttachmentsTests' {
    BeforeAll {
        . $PSScriptRoot/Common.ps1
        Import-ZcrmTestModule
        $emulator = Start-ZcrmTestEmulator -Leads 10
        Reset-ZcrmTestConnection
        Connect-ZcrmTestEmulator $emulator
        $script:freshIds = @{
            Deals    = [System.Collections.Generic.Queue[string]]::new([string[]]@(Get-ZcrmRecord -Module Deals -First 45 | ForEach-Object { [string]$_.id }))
            Contacts = [System.Collections.Generic.Queue[string]]::new([string[]]@(Get-ZcrmRecord -Module Contacts -First 10 | ForEach-Object { [string]$_.id }))
        }

        # A deal (or contact) id no other scenario uses.
        function Get-FreshRecordId([string] $Module = 'Deals') {
            return $script:freshIds[$Module].Dequeue()
        }

        function New-TestFolder([string] $Name) {
            $path = [System.IO.Path]::Combine($TestDrive, $Name + '-' + [System.Guid]::NewGuid().ToString('N').Substring(0, 8))
            [void][System.IO.Directory]::CreateDirectory($path)
            return $path
        }

        function New-BinaryFile([string] $Path, [int] $Length, [int] $Seed = 7) {
            $bytes = [byte[]]::new($Length)
            [System.Random]::new($Seed).NextBytes($bytes)
            [System.IO.File]::WriteAllBytes($Path, $bytes)
            return $Path
        }

        function Get-Sha256([string] $Path) {
            return [System.Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData([System.IO.File]::ReadAllBytes($Path)))
        }

        function Get-StoredAttachment([string] $RecordId) {
            @((Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method GET -Name 'attachments').attachments | Where-Object { $_.recordId -eq $RecordId })
        }

        # API calls in the request log whose path contains $Fragment (and, when given, whose method is $Method).
        function Get-ApiCall([string] $Fragment, [string] $Method) {
            @(Get-ZcrmEmulatorRequest $emulator | Where-Object { $_.path.StartsWith('/crm/', [System.StringComparison]::Ordinal) -and $_.path.Contains($Fragment) -and (-not $Method -or $_.method -ceq $Method) })
        }

        # Every file and folder under $Folder, hidden ones included.
        function Get-Everything([string] $Folder) {
            @([System.IO.Directory]::GetFileSystemEntries($Folder, '*', [System.IO.SearchOption]::AllDirectories))
        }
    }

    AfterAll {
        Reset-ZcrmTestConnection
        Stop-ZcrmTestEmulator $emulator
    }

    BeforeEach {
        $null = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method DELETE -Name 'faults'
    }

    It 'A binary file with a non-ASCII name round-trips byte for byte through upload, list and a piped save' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'roundtrip'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'Angebot – Müller 契約 ✓.bin')) 1500000
        Clear-ZcrmEmulatorRequest $emulator

        $added = Invoke-ZcrmCaptured { Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source }
        $added.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $added)
        $added.Output | Should -HaveCount 1
        $added.Output[0].FileName | Should -BeExactly 'Angebot – Müller 契約 ✓.bin'
        $added.Output[0].Size | Should -Be 1500000
        $stored = Get-StoredAttachment $dealId
        $stored | Should -HaveCount 1
        $stored[0].fileName | Should -BeExactly 'Angebot – Müller 契約 ✓.bin'
        $stored[0].sha256 | Should -BeExactly (Get-Sha256 $source)
        $upload = @(Get-ApiCall "/Deals/$dealId/Attachments" 'POST')
        $upload | Should -HaveCount 1
        $upload[0].headers.'Content-Type' | Should -BeLike 'multipart/form-data; boundary=*'

        $archive = [System.IO.Path]::Combine($folder, 'archive')
        $saved = Invoke-ZcrmCaptured { Get-ZcrmRecord -Module Deals -Id $dealId | Get-ZcrmAttachment | Save-ZcrmAttachment -Destination $archive }
        $saved.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $saved)
        $saved.Output | Should -HaveCount 1
        $saved.Output[0] | Should -BeOfType [System.IO.FileInfo]
        $saved.Output[0].FullName | Should -BeExactly ([System.IO.Path]::Combine($archive, 'Angebot – Müller 契約 ✓.bin'))
        Get-Sha256 $saved.Output[0].FullName | Should -BeExactly (Get-Sha256 $source)
        Get-Everything $archive | Should -HaveCount 1 -Because 'no temporary file is left behind'
    }

    It 'The attachment object has the name, size, owner, time, kind and parent, and a default view' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'shape'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'terms.pdf')) 2048
        $null = Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source
        $null = Add-ZcrmAttachment -Module Deals -Id $dealId -Url 'https://contoso.example/spec' -Title 'Spec'

        $list = @(Get-ZcrmAttachment -Module Deals -Id $dealId)
        $list | Should -HaveCount 2
        $file = $list | Where-Object { -not $_.IsLink }
        $file.FileName | Should -BeExactly 'terms.pdf'
        $file.Size | Should -Be 2048
        $file.Owner | Should -Not -BeNullOrEmpty
        $file.CreatedTime | Should -BeOfType [System.DateTimeOffset]
        $file.ParentModule | Should -BeExactly 'Deals'
        $file.ParentId | Should -BeExactly $dealId
        $file.ParentName | Should -Not -BeNullOrEmpty
        $link = $list | Where-Object IsLink
        $link.LinkUrl | Should -BeExactly 'https://contoso.example/spec'
        $link.FileName | Should -BeExactly 'Spec'
        $table = $list | Format-Table | Out-String
        $table | Should -Match 'FileName\s+Size\s+Kind\s+Owner'
        $table | Should -Match 'Link'
    }

    It 'A download cut midway is retried from the start and leaves no partial file' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'cut'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'big.bin')) 3000000 -Seed 3
        $attachment = Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source
        $target = [System.IO.Path]::Combine($folder, 'out')
        Add-ZcrmEmulatorFault $emulator @{ kind = 'CutBody'; pathPrefix = "/crm/v8/Deals/$dealId/Attachments/$($attachment.Id)"; method = 'GET'; count = 1 }
        Clear-ZcrmEmulatorRequest $emulator

        $saved = Invoke-ZcrmCaptured { $attachment | Save-ZcrmAttachment -Destination $target -Verbose } -AllStreams
        $saved.HadErrors | Should -BeFalse -Because (ConvertTo-ZcrmCapturedText $saved)
        @(Get-ApiCall "/Attachments/$($attachment.Id)" 'GET') | Should -HaveCount 2 -Because 'the cut download is sent again'
        @($saved.Verbose | Where-Object { $_ -like 'Retrying GET*' }) | Should -HaveCount 1
        Get-Sha256 ([System.IO.Path]::Combine($target, 'big.bin')) | Should -BeExactly (Get-Sha256 $source)
        Get-Everything $target | Should -HaveCount 1 -Because 'the temporary file of the cut attempt is gone'
    }

    It 'A download cut on every attempt fails and leaves nothing under the destination' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'cut-always'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'big.bin')) 1000000 -Seed 4
        $attachment = Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source
        $null = Connect-Zcrm -ClientId $emulator.ClientId -ClientSecret (ConvertTo-ZcrmSecureString $emulator.ClientSecret) `
            -RefreshToken (ConvertTo-ZcrmSecureString $emulator.RefreshToken) -AccountsUrl $emulator.Url -ApiDomain $emulator.Url `
            -Profile OneRetry -NoPersist -MaxRetryCount 1
        $target = [System.IO.Path]::Combine($folder, 'out')
        [void][System.IO.Directory]::CreateDirectory($target)
        Add-ZcrmEmulatorFault $emulator @{ kind = 'CutBody'; pathPrefix = "/crm/v8/Deals/$dealId/Attachments/"; method = 'GET'; count = 0 }

        $saved = Invoke-ZcrmCaptured { $attachment | Save-ZcrmAttachment -Destination $target -Profile OneRetry }
        $saved.Output | Should -HaveCount 0
        $saved.Errors | Should -HaveCount 1
        $saved.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmOutcomeUnknown*'
        Get-Everything $target | Should -HaveCount 0 -Because 'neither a partial file nor the final name is left'
    }

    It 'A hostile file name <Name> from the server is saved safely inside the destination' -ForEach @(
        @{ Name = '../../x'; Expected = '_._x' }
        @{ Name = '..\..\x'; Expected = '_._x' }
        @{ Name = 'CON'; Expected = '_CON' }
        @{ Name = 'nul.txt'; Expected = '_nul.txt' }
        @{ Name = 'COM1'; Expected = '_COM1' }
        @{ Name = 'reports/2024/q1.pdf'; Expected = 'reports_2024_q1.pdf' }
        @{ Name = 'a\b.txt'; Expected = 'a_b.txt' }
        @{ Name = '.bashrc'; Expected = 'bashrc' }
        @{ Name = '..'; Expected = $null }
        @{ Name = '/etc/passwd'; Expected = '_etc_passwd' }
    ) {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'hostile'
        $destination = [System.IO.Path]::Combine($folder, 'inbox')
        [void][System.IO.Directory]::CreateDirectory($destination)
        $content = [byte[]](1, 2, 3, 4, 5)
        $seeded = Invoke-ZcrmEmulatorAdmin -Emulator $emulator -Method POST -Name 'attachments' -Body @{ module = 'Deals'; recordId = $dealId; fileName = $Name; contentBase64 = [System.Convert]::ToBase64String($content) }

        $saved = Invoke-ZcrmCaptured { Get-ZcrmAttachment -Module Deals -Id $dealId | Save-ZcrmAttachment -Destination $destination }
        $saved.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $saved)
        $saved.Output | Should -HaveCount 1
        $file = $saved.Output[0]
        $file.DirectoryName | Should -BeExactly $destination
        if ($Expected) { $file.Name | Should -BeExactly $Expected }
        else { $file.Name | Should -BeExactly ('attachment-' + $seeded.id) }
        $file.Name.StartsWith('.') | Should -BeFalse
        [System.IO.File]::ReadAllBytes($file.FullName) | Should -Be $content
        Get-Everything $folder | Should -HaveCount 2 -Because 'only the inbox folder and the file exist: nothing escaped it'
    }

    It 'An existing file is kept without -Force and replaced with it' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'exists'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'plan.bin')) 5000
        $null = Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source
        $target = [System.IO.Path]::Combine($folder, 'out')
        [void][System.IO.Directory]::CreateDirectory($target)
        $existing = [System.IO.Path]::Combine($target, 'plan.bin')
        [System.IO.File]::WriteAllText($existing, 'keep me')
        Clear-ZcrmEmulatorRequest $emulator

        $kept = Invoke-ZcrmCaptured { Get-ZcrmAttachment -Module Deals -Id $dealId | Save-ZcrmAttachment -Destination $target }
        $kept.Errors | Should -HaveCount 1
        $kept.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmFileExists*'
        $kept.Errors[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
        [System.IO.File]::ReadAllText($existing) | Should -BeExactly 'keep me'
        @(Get-ApiCall "/Deals/$dealId/Attachments/" 'GET') | Should -HaveCount 0 -Because 'the name was known, so no download was spent'

        $replaced = Invoke-ZcrmCaptured { Get-ZcrmAttachment -Module Deals -Id $dealId | Save-ZcrmAttachment -Destination $target -Force }
        $replaced.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $replaced)
        Get-Sha256 $existing | Should -BeExactly (Get-Sha256 $source)
    }

    It 'A link attachment is added, listed and not downloaded' {
        $dealId = Get-FreshRecordId
        Clear-ZcrmEmulatorRequest $emulator
        $added = Invoke-ZcrmCaptured { Add-ZcrmAttachment -Module Deals -Id $dealId -Url 'https://contoso.example/contracts/42?v=2' -Title 'Signed contract' }
        $added.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $added)
        $post = @(Get-ApiCall "/Deals/$dealId/Attachments" 'POST')
        $post | Should -HaveCount 1
        $post[0].query.attachmentUrl | Should -BeExactly 'https://contoso.example/contracts/42?v=2'
        $post[0].query.title | Should -BeExactly 'Signed contract'
        $post[0].body | Should -BeNullOrEmpty

        $link = @(Get-ZcrmAttachment -Module Deals -Id $dealId)
        $link | Should -HaveCount 1
        $link[0].IsLink | Should -BeTrue
        $link[0].LinkUrl | Should -BeExactly 'https://contoso.example/contracts/42?v=2'
        $link[0].FileName | Should -BeExactly 'Signed contract'

        $folder = New-TestFolder 'link'
        Clear-ZcrmEmulatorRequest $emulator
        $saved = Invoke-ZcrmCaptured { $link | Save-ZcrmAttachment -Destination $folder }
        $saved.Errors | Should -HaveCount 1
        $saved.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmNothingToDownload*'
        @(Get-ApiCall '/Attachments/' 'GET') | Should -HaveCount 0
    }

    It 'A file over the 20 MB limit or a missing file is refused with no upload call' {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'limit'
        $big = [System.IO.Path]::Combine($folder, 'too-big.bin')
        $stream = [System.IO.File]::Create($big)
        try { $stream.SetLength(20MB + 1) } finally { $stream.Dispose() }
        $fits = [System.IO.Path]::Combine($folder, 'fits.bin')
        $stream = [System.IO.File]::Create($fits)
        try { $stream.SetLength(20MB) } finally { $stream.Dispose() }
        Clear-ZcrmEmulatorRequest $emulator

        $refused = Invoke-ZcrmCaptured { Add-ZcrmAttachment -Module Deals -Id $dealId -Path $big, ([System.IO.Path]::Combine($folder, 'missing.pdf')) }
        $refused.Output | Should -HaveCount 0
        @($refused.Errors | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }) | Should -Be @('ZcrmFileTooLarge', 'ZcrmFileNotFound')
        $refused.Errors[0].Exception.Message | Should -BeLike '*20 MB*'
        $refused.Errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        @(Get-ApiCall '/Attachments' 'POST') | Should -HaveCount 0
        (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0

        $accepted = Invoke-ZcrmCaptured { Add-ZcrmAttachment -Module Deals -Id $dealId -Path $fits }
        $accepted.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $accepted)
        (Get-StoredAttachment $dealId)[0].size | Should -Be 20MB
    }

    It 'An upload answered <Fault> is sent again whole and attached once' -ForEach @(
        @{ Fault = 'TooManyRequests' }
        @{ Fault = 'ExpireAccessTokens' }
    ) {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'retry'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'retry.bin')) 800000 -Seed 9
        Add-ZcrmEmulatorFault $emulator @{ kind = $Fault; pathPrefix = "/crm/v8/Deals/$dealId/Attachments"; method = 'POST'; count = 1; retryAfterSeconds = 1 }
        Clear-ZcrmEmulatorRequest $emulator

        $added = Invoke-ZcrmCaptured { Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source }
        $added.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $added)
        @(Get-ApiCall "/Deals/$dealId/Attachments" 'POST') | Should -HaveCount 2
        $stored = Get-StoredAttachment $dealId
        $stored | Should -HaveCount 1 -Because 'a retry never duplicates'
        $stored[0].sha256 | Should -BeExactly (Get-Sha256 $source)
    }

    It 'Remove-ZcrmAttachment deletes piped attachments in one call per record, and asks by default' {
        $dealId = Get-FreshRecordId
        $null = Add-ZcrmAttachment -Module Deals -Id $dealId -Url 'https://contoso.example/a'
        $null = Add-ZcrmAttachment -Module Deals -Id $dealId -Url 'https://contoso.example/b'
        (Get-Command Remove-ZcrmAttachment).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'

        Clear-ZcrmEmulatorRequest $emulator
        $removed = Invoke-ZcrmCaptured { Get-ZcrmAttachment -Module Deals -Id $dealId | Remove-ZcrmAttachment -Force }
        $removed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $removed)
        Get-StoredAttachment $dealId | Should -HaveCount 0
        $deletes = @(Get-ApiCall "/Deals/$dealId/Attachments" 'DELETE')
        $deletes | Should -HaveCount 1 -Because 'the attachments of one record go in one call'
        @($deletes[0].query.ids -split ',') | Should -HaveCount 2
        $again = Invoke-ZcrmCaptured { Get-ZcrmAttachment -Module Deals -Id $dealId }
        $again.HadErrors | Should -BeFalse
        $again.Output | Should -HaveCount 0 -Because 'an empty list is a 204, not an error'

        $unknown = Invoke-ZcrmCaptured { Remove-ZcrmAttachment -Module Deals -Id $dealId -AttachmentId 5725767950999999999 -Confirm:$false }
        $unknown.Errors | Should -HaveCount 1
        $unknown.Errors[0].FullyQualifiedErrorId | Should -BeLike 'INVALID_DATA*'
    }

    It 'A photo round-trips, is checked before upload and is deleted' {
        $contactId = Get-FreshRecordId Contacts
        $folder = New-TestFolder 'photo'
        $png = [System.IO.Path]::Combine($folder, 'face.png')
        $bytes = [byte[]]::new(40000)
        [System.Random]::new(11).NextBytes($bytes)
        [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) | ForEach-Object -Begin { $i = 0 } -Process { $bytes[$i++] = $_ }
        [System.IO.File]::WriteAllBytes($png, $bytes)
        $notImage = New-BinaryFile ([System.IO.Path]::Combine($folder, 'fake.png')) 1000
        Clear-ZcrmEmulatorRequest $emulator

        $refused = Invoke-ZcrmCaptured { Set-ZcrmRecordPhoto -Module Contacts -Id $contactId -Path $notImage }
        $refused.Errors | Should -HaveCount 1
        $refused.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmUnsupportedImage*'
        (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0

        $set = Invoke-ZcrmCaptured { Set-ZcrmRecordPhoto -Module Contacts -Id $contactId -Path $png }
        $set.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $set)
        $saved = Invoke-ZcrmCaptured { Save-ZcrmRecordPhoto -Module Contacts -Id $contactId -Destination ([System.IO.Path]::Combine($folder, 'out')) }
        $saved.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $saved)
        $saved.Output | Should -HaveCount 1
        $saved.Output[0].Name | Should -BeExactly 'face.png'
        Get-Sha256 $saved.Output[0].FullName | Should -BeExactly (Get-Sha256 $png)

        $removed = Invoke-ZcrmCaptured { Remove-ZcrmRecordPhoto -Module Contacts -Id $contactId -Force }
        $removed.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $removed)
        $gone = Invoke-ZcrmCaptured { Save-ZcrmRecordPhoto -Module Contacts -Id $contactId -Destination ([System.IO.Path]::Combine($folder, 'again.png')) }
        $gone.Errors | Should -HaveCount 1
        $gone.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ZcrmPhotoNotFound*'
        [System.IO.File]::Exists([System.IO.Path]::Combine($folder, 'again.png')) | Should -BeFalse

        $deal = Invoke-ZcrmCaptured { Set-ZcrmRecordPhoto -Module Deals -Id (Get-FreshRecordId) -Path $png }
        $deal.Errors | Should -HaveCount 1
        $deal.Errors[0].FullyQualifiedErrorId | Should -BeLike 'INVALID_URL_PATTERN*'
    }

    It '<Command> -WhatIf makes no call' -ForEach @(
        @{ Command = 'Add-ZcrmAttachment'; Script = { Add-ZcrmAttachment -Module Deals -Id $dealId -Path $source -WhatIf } }
        @{ Command = 'Add-ZcrmAttachment -Url'; Script = { Add-ZcrmAttachment -Module Deals -Id $dealId -Url 'https://contoso.example/x' -WhatIf } }
        @{ Command = 'Save-ZcrmAttachment'; Script = { Save-ZcrmAttachment -Module Deals -Id $dealId -AttachmentId 5725767950000000000 -Destination $folder -WhatIf } }
        @{ Command = 'Remove-ZcrmAttachment'; Script = { Remove-ZcrmAttachment -Module Deals -Id $dealId -AttachmentId 5725767950000000000 -Force -WhatIf } }
        @{ Command = 'Set-ZcrmRecordPhoto'; Script = { Set-ZcrmRecordPhoto -Module Contacts -Id $dealId -Path $png -WhatIf } }
        @{ Command = 'Save-ZcrmRecordPhoto'; Script = { Save-ZcrmRecordPhoto -Module Contacts -Id $dealId -Destination $folder -WhatIf } }
        @{ Command = 'Remove-ZcrmRecordPhoto'; Script = { Remove-ZcrmRecordPhoto -Module Contacts -Id $dealId -Force -WhatIf } }
    ) {
        $dealId = Get-FreshRecordId
        $folder = New-TestFolder 'whatif'
        $source = New-BinaryFile ([System.IO.Path]::Combine($folder, 'doc.bin')) 100
        $png = [System.IO.Path]::Combine($folder, 'p.png')
        [System.IO.File]::WriteAllBytes($png, [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0))
        Clear-ZcrmEmulatorRequest $emulator

        $result = Invoke-ZcrmCaptured $Script
        $result.HadErrors | Should -BeFalse -Because (Get-ZcrmErrorText $result)
        (Get-ZcrmEmulatorStats $emulator).apiCalls | Should -Be 0
        @(Get-Everything $folder) | Should -HaveCount 2 -Because '-WhatIf writes no file either'
    }
}
